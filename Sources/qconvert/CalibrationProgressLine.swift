import Foundation
import QuantRTConvert

/// Calibration progress on stderr: a redrawn bar with samples/s on a terminal, one plain line
/// at the end otherwise.
struct CalibrationProgressLine {
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private var drawn = false
    private var lastDraw = 0.0
    private var last: CalibrationProgress?

    /// Redraws the bar (at most ten times a second, and on the last sample).
    mutating func update(_ progress: CalibrationProgress) {
        last = progress
        guard isTerminal, progress.seconds - lastDraw >= 0.1 || progress.done == progress.total else { return }
        lastDraw = progress.seconds
        let width = 30
        let filled = progress.total > 0 ? width * progress.done / progress.total : width
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        let line = "\rcalibrating [\(bar)] \(progress.done)/\(progress.total)  \(String(format: "%.1f", progress.samplesPerSecond)) samples/s"
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    /// Ends the bar's line, or writes the plain line when stderr is not a terminal.
    mutating func finish() {
        if drawn {
            FileHandle.standardError.write(Data("\n".utf8))
        } else if let last, !isTerminal {
            let line = "calibrated \(last.done) samples in \(String(format: "%.2f", last.seconds)) s (\(String(format: "%.1f", last.samplesPerSecond)) samples/s)\n"
            FileHandle.standardError.write(Data(line.utf8))
        }
        drawn = false
        last = nil
    }
}
