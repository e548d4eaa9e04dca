// A registration's claim (its cancellation-token digest, retry key and request digest) as the journal and the
// snapshot write it: Codable's form, keys sorted.
import AgoraDomain
import AgoraJSON

extension RegistrationClaim {
    /// Codable's form, keys sorted: {"cancellationTokenSHA256", "requestSHA256"?, "retryKey"?}.
    func appendJSON(to writer: inout JSONWriter) {
        writer.raw("{")
        writer.key("cancellationTokenSHA256", first: true)
        writer.string(cancellationTokenSHA256)
        if let requestSHA256 {
            writer.key("requestSHA256")
            writer.string(requestSHA256)
        }
        if let retryKey {
            writer.key("retryKey")
            writer.string(retryKey)
        }
        writer.raw("}")
    }

    /// `null` → .some(nil); an object → .some(claim); anything else → nil (the caller falls back to Codable).
    static func readOptionalJSON(from reader: inout JSONReader) -> RegistrationClaim?? {
        if reader.null() { return .some(nil) }
        var token: String?, requestSHA256: String??, retryKey: String??
        let read = reader.object { reader, key in
            switch key {
            case "cancellationTokenSHA256": token = reader.string(); return token != nil
            case "requestSHA256": requestSHA256 = reader.optionalString(); return requestSHA256 != nil
            case "retryKey": retryKey = reader.optionalString(); return retryKey != nil
            default: return false
            }
        }
        guard read, let token else { return nil }
        return .some(RegistrationClaim(cancellationTokenSHA256: token, retryKey: retryKey ?? nil,
                                       requestSHA256: requestSHA256 ?? nil))
    }
}
