import YAMLSupport

/// `counts`: whitespace-separated requests per interval, without timestamps.
///
/// The caller says when value 0 starts (`--start`, with its UTC offset) and how long each
/// value lasts (`--step`); a file joined from several logs names where each later part
/// starts (`--segment INDEX=TIMESTAMP`), and the time between one part's end and the next
/// part's start is reported as a gap. NASA's file is one such line of 5,059,950 values in
/// two parts (see ../shared/datasets/nasa-http-1995/README.md).
enum CountsParser {
    static func read(_ bytes: [UInt8], options: TraceImportOptions, report: inout TraceImportReport) throws(ScenarioError) -> TraceBinner {
        guard let start = options.start else {
            throw TraceImporter.failure(options, "--start", "the counts format has no timestamps: give the time of the first value with --start "
                                        + "(1995-07-01T00:00:01-04:00)")
        }
        guard let step = options.step, step > 0 else {
            throw TraceImporter.failure(options, "--step", "the counts format needs the seconds each value covers: --step 1s")
        }
        var segments = [(index: 0, start: start)] + options.segments.sorted { $0.index < $1.index }
        if segments.count > 1 && segments[1].index == 0 { segments.removeFirst() }
        var binner = TraceBinner()
        binner.step = step
        let from = options.from ?? -.infinity, to = options.to ?? .infinity
        var segment = 0
        var index = 0
        var line = 1
        var position = 0
        let count = bytes.count
        var segmentStart = segments[0].start, segmentIndex = 0
        while position < count {
            let byte = bytes[position]
            if byte == 10 { line += 1; position += 1; continue }
            if byte == 32 || byte == 9 || byte == 13 { position += 1; continue }
            let tokenStart = position
            var value = 0.0
            var numeric = true
            while position < count, bytes[position] != 32, bytes[position] != 9, bytes[position] != 10, bytes[position] != 13 {
                let digit = bytes[position]
                if digit >= 48 && digit <= 57 { value = value * 10 + Double(digit - 48) } else { numeric = false }
                position += 1
            }
            if !numeric {
                let token = String(decoding: bytes[tokenStart..<position], as: UTF8.self)
                if let decimal = Double(token), decimal.isFinite, decimal >= 0 { value = decimal; numeric = true }
            }
            while segment + 1 < segments.count && segments[segment + 1].index <= index {
                segment += 1
                let expected = segmentStart + Double(index - segmentIndex) * step
                binner.covered.append((segmentStart, expected))
                segmentStart = segments[segment].start
                segmentIndex = index
                if segmentStart < expected {
                    throw TraceImporter.failure(options, "--segment", "segment \(segment) starts at value \(index), \(TraceTime.format(segmentStart, in: .fixed(secondsEast: 0))), "
                                                + "before the previous segment ends (\(TraceTime.format(expected, in: .fixed(secondsEast: 0))))")
                }
                if segmentStart > expected { report.sourceGaps.append((expected, segmentStart - expected)) }
            }
            report.records += 1
            if !numeric {
                report.bad(line, "value \(index)", "expected a count at least 0, found \"\(String(decoding: bytes[tokenStart..<min(position, tokenStart + 40)], as: UTF8.self))\"")
            } else {
                let time = segmentStart + Double(index - segmentIndex) * step
                if time >= from && time < to { binner.add(time, value, report: &report) }
            }
            index += 1
        }
        if let unused = segments.dropFirst(segment + 1).first {
            throw TraceImporter.failure(options, "--segment", "segment index \(unused.index) is past the file's \(index) values")
        }
        binner.covered.append((segmentStart, segmentStart + Double(index - segmentIndex) * step))
        binner.covered = binner.covered.compactMap { range in
            let low = max(range.start, from), high = min(range.end, to)
            return low < high ? (low, high) : nil
        }
        return binner
    }
}
