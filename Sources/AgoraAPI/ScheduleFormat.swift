/// The two spellings of the frab/c3voc schedule: the path's extension, and the media type it is served as.
enum ScheduleFormat: String, Sendable {
    case json, xml

    var contentType: String {
        switch self {
        case .json: "application/json; charset=utf-8"
        // Registered with IANA for this format (application/vnd.c3voc.schedule+xml); `+xml` lets generic XML tools
        // and browsers treat it as XML (RFC 6839 §4.1).
        case .xml: "application/vnd.c3voc.schedule+xml; charset=utf-8"
        }
    }
}
