/// Places text labels where they cover nothing placed before: markers, other labels.
///
/// Points of a scatter plot cluster (variants of similar cost and service), and labels
/// written at a fixed offset then print over each other. This tries each caller's
/// candidate position in turn and takes the first that overlaps nothing and stays in
/// the plot; when none does, the first candidate, so that every label is drawn. Widths
/// are estimates (`ChartFrame.textWidth`), since only a browser can measure text.
struct LabelPlacer {
    private var occupied: [(x: Double, y: Double, width: Double, height: Double)] = []
    private let bounds: (left: Double, top: Double, right: Double, bottom: Double)

    init(bounds: (left: Double, top: Double, right: Double, bottom: Double)) {
        self.bounds = bounds
    }

    /// Marks a box as taken (a marker).
    mutating func occupy(x: Double, y: Double, width: Double, height: Double) {
        occupied.append((x, y, width, height))
    }

    /// The top-left corner chosen for a `width` × `height` label among `candidates`
    /// (top-left corners, in order of preference), which is then taken.
    ///
    /// - Complexity: O(candidates × boxes placed).
    mutating func place(width: Double, height: Double, candidates: [(x: Double, y: Double)]) -> (x: Double, y: Double) {
        let chosen = candidates.first { candidate in
            candidate.x >= bounds.left && candidate.x + width <= bounds.right
                && candidate.y >= bounds.top && candidate.y + height <= bounds.bottom
                && !occupied.contains { box in
                    candidate.x < box.x + box.width && box.x < candidate.x + width
                        && candidate.y < box.y + box.height && box.y < candidate.y + height
                }
        } ?? candidates.first ?? (bounds.left, bounds.top)
        occupied.append((chosen.x, chosen.y, width, height))
        return chosen
    }
}
