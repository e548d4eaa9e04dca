// Rows to values and back: where a row's strings lie in `text`, the `Registration` a row stands for, and
// appending one. Lengths never change after a row is written (erasure zeroes bytes in place), so the
// layout is a row's offset plus the running sum of its lengths.
extension RegistrationTable {
    /// Byte ranges within block `block` of `text`.
    package struct TextLayout {
        package let block: Int
        package let id: Range<Int>
        package let name: Range<Int>
        package let email: Range<Int>
        package let organisation: Range<Int>
        package let token: Range<Int>
        package let retryKey: Range<Int>
        package let request: Range<Int>
    }

    package static func layout(_ row: Row) -> TextLayout {
        var start = ByteBlocks.offset(of: row.text)
        func next(_ length: UInt32) -> Range<Int> {
            defer { start += Int(length) }
            return start..<(start + Int(length))
        }
        return TextLayout(block: ByteBlocks.block(of: row.text), id: next(row.idLength), name: next(row.nameLength), email: next(row.emailLength),
                          organisation: next(row.organisationLength), token: next(row.tokenLength),
                          retryKey: next(row.retryKeyLength), request: next(row.requestLength))
    }

    func bytes(_ layout: TextLayout, _ range: Range<Int>) -> ArraySlice<UInt8> { text[layout.block, range] }

    func string(_ layout: TextLayout, _ range: Range<Int>) -> String {
        String(decoding: text[layout.block, range], as: UTF8.self)
    }

    func id(ofRow index: Int) -> String {
        let layout = Self.layout(rows[index])
        return string(layout, layout.id)
    }

    package static func instant(_ value: Int64) -> Instant? {
        value == noInstant ? nil : Instant(secondsSince1970: value)
    }

    /// Rows, deleted ones included (row numbers are stable).
    package var rowCount: Int { rows.count }

    /// Calls `body` with each row of `range` that is not deleted, its layout and the text block its strings
    /// lie in: the store's snapshot writer walks the table this way, reading the strings in place.
    package func forEachLiveRow(in range: Range<Int>, _ body: (Row, TextLayout, UnsafeBufferPointer<UInt8>) -> Void) {
        for index in range {
            let row = rows[index]
            guard !row.flags.contains(.deleted) else { continue }
            let layout = Self.layout(row)
            text.withBlock(layout.block) { body(row, layout, $0) }
        }
    }

    /// An interned event id, slot id or language (a row's `event`, `slot`, `language`).
    package func name(_ number: Int32) -> String { names[number] }

    /// The value row `index` stands for.
    func registration(at index: Int) -> Registration {
        let row = rows[index]
        let layout = Self.layout(row)
        var personalData: PersonalData?
        if row.flags.contains(.personalData) {
            personalData = PersonalData(name: string(layout, layout.name), email: string(layout, layout.email),
                                        organisation: row.flags.contains(.organisation) ? string(layout, layout.organisation) : nil)
        }
        var claim: RegistrationClaim?
        if row.flags.contains(.claim) {
            claim = RegistrationClaim(
                cancellationTokenSHA256: row.flags.contains(.packedToken)
                    ? HexDigest.hex(bytes(layout, layout.token)) : string(layout, layout.token),
                retryKey: row.flags.contains(.retryKey) ? string(layout, layout.retryKey) : nil,
                requestSHA256: !row.flags.contains(.requestDigest) ? nil
                    : row.flags.contains(.packedRequest) ? HexDigest.hex(bytes(layout, layout.request))
                    : string(layout, layout.request))
        }
        return Registration(
            id: string(layout, layout.id), eventId: names[row.event], slotId: row.slot < 0 ? nil : names[row.slot],
            personalData: personalData, language: row.language < 0 ? nil : names[row.language],
            status: row.status, createdAt: Instant(secondsSince1970: row.createdAt),
            cancelledAt: Self.instant(row.cancelledAt), erasedAt: Self.instant(row.erasedAt),
            sequence: row.sequence, claim: claim)
    }

    /// Writes `registration` as a new last row (no index is touched); returns its number.
    mutating func appendRow(_ registration: Registration) -> Int32 {
        let personal = registration.personalData, claim = registration.claim
        let packToken = claim.map { HexDigest.isDigest($0.cancellationTokenSHA256) } ?? false
        let packRequest = claim?.requestSHA256.map(HexDigest.isDigest) ?? false
        let length = registration.id.utf8.count + (personal?.name.utf8.count ?? 0) + (personal?.email.utf8.count ?? 0)
            + (personal?.organisation?.utf8.count ?? 0) + (packToken ? 32 : claim?.cancellationTokenSHA256.utf8.count ?? 0)
            + (claim?.retryKey?.utf8.count ?? 0) + (packRequest ? 32 : claim?.requestSHA256?.utf8.count ?? 0)
        let start = text.startRun(length: length)
        func put(_ string: String?, packed: Bool = false) -> UInt32 {
            guard let string else { return 0 }
            if packed {
                text.appendPacked(digest: string)
                return 32
            }
            text.append(string.utf8)
            return UInt32(string.utf8.count)
        }
        var flags: Flags = []
        if registration.personalData != nil { flags.insert(.personalData) }
        if registration.personalData?.organisation != nil { flags.insert(.organisation) }
        if registration.claim != nil { flags.insert(.claim) }
        if registration.claim?.retryKey != nil { flags.insert(.retryKey) }
        if registration.claim?.requestSHA256 != nil { flags.insert(.requestDigest) }
        if packToken { flags.insert(.packedToken) }
        if packRequest { flags.insert(.packedRequest) }
        let idLength = put(registration.id)
        let nameLength = put(registration.personalData?.name)
        let emailLength = put(registration.personalData?.email)
        let organisationLength = put(registration.personalData?.organisation)
        let tokenLength = put(registration.claim?.cancellationTokenSHA256, packed: packToken)
        let retryKeyLength = put(registration.claim?.retryKey)
        let requestLength = put(registration.claim?.requestSHA256, packed: packRequest)
        let row = Row(
            text: start, sequence: registration.sequence, createdAt: registration.createdAt.secondsSince1970,
            cancelledAt: registration.cancelledAt?.secondsSince1970 ?? Self.noInstant,
            erasedAt: registration.erasedAt?.secondsSince1970 ?? Self.noInstant,
            event: names.intern(registration.eventId), slot: registration.slotId.map { names.intern($0) } ?? -1,
            language: registration.language.map { names.intern($0) } ?? -1,
            idLength: idLength, nameLength: nameLength, emailLength: emailLength,
            organisationLength: organisationLength, tokenLength: tokenLength, retryKeyLength: retryKeyLength,
            requestLength: requestLength, status: registration.status, flags: flags)
        rows.append(row)
        count += 1
        return Int32(rows.count - 1)
    }

    /// Overwrites `range` of the row's block with zeros, so erased personal data does not linger in memory.
    mutating func zero(_ layout: TextLayout, _ range: Range<Int>) {
        text.zero(block: layout.block, range: range)
    }
}
