import AgoraDomain
import HTTPServer

extension ProblemText {
    /// A domain message as a problem text: its template is the key, its values stay as they are.
    init(_ message: DomainMessage) {
        self.init(key: message.template, arguments: message.arguments.map { .verbatim($0) })
    }
}
