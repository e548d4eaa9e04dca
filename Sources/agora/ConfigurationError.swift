/// A setting's value could not be used: the message names the setting and where it came from. Exit status 2.
struct ConfigurationError: Error, CustomStringConvertible {
    let description: String
}
