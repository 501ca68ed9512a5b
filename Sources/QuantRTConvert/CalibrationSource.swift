/// One `--calibration` argument: `FILE`, `INPUT=FILE` or `SIGNATURE:INPUT=FILE`, where FILE is
/// an `.npy` of samples stacked on axis 0 or a directory of one `.npy` per sample.
public struct CalibrationSource: Sendable, Equatable {
    /// The signature the data is for, or `nil` for the model's only signature.
    public var signature: String?
    /// The input the data is for, or `nil` for the signature's only input.
    public var input: String?
    /// The `.npy` file or directory.
    public var path: String

    /// Creates a source.
    public init(signature: String? = nil, input: String? = nil, path: String) {
        self.signature = signature; self.input = input; self.path = path
    }

    /// Parses the argument form. A `=` names the input; a `:` before it names the signature.
    public init(argument: String) {
        guard let equals = argument.firstIndex(of: "=") else { self.init(path: argument); return }
        let key = argument[..<equals], path = String(argument[argument.index(after: equals)...])
        if let colon = key.firstIndex(of: ":") {
            self.init(signature: String(key[..<colon]), input: String(key[key.index(after: colon)...]), path: path)
        } else {
            self.init(input: String(key), path: path)
        }
    }
}
