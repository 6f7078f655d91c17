/// A dense matrix of `Double` stored column by column.
///
/// Column-major order is what BLAS and LAPACK expect (LAPACK Users' Guide, 3rd ed.,
/// §5.1.3 "Array arguments"), so the products and solvers in this module hand
/// `storage` to OpenBLAS and LAPACKE without reordering. The leading dimension passed
/// to those routines is always `max(1, rows)`, because the reference interfaces reject
/// a leading dimension of 0 even for empty matrices.
///
/// `Matrix` is a plain value type: copies share storage until one is mutated (the
/// copy-on-write of `Array`), so passing matrices between concurrent replications is
/// safe and cheap.
///
/// What it deliberately does *not* do: it is not a `Collection`, has no arithmetic
/// operators that would hide a dimension check behind a trap, and offers only the four
/// operations capsim needs (matrix product, matrix-vector product, Cholesky solve, least
/// squares). Element-wise work belongs in plain loops over `storage`.
///
/// ## Topics
/// - Creating: ``init(rows:columns:repeating:)``, ``init(rows:columns:elements:)``,
///   ``init(rows:columns:columnMajor:)``, ``identity(_:)``
/// - Reading: ``subscript(_:_:)``, ``column(_:)``, ``transposed()``
/// - Operations: ``multiplied(by:transposingSelf:transposingOther:)``,
///   ``multiplied(by:transposingSelf:)``, ``choleskySolve(_:)``, ``leastSquares(_:)``
/// - Factoring once, solving many times: ``CholeskyFactor``
public struct Matrix: Sendable, Hashable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The elements in column-major order: element (i, j) is `storage[i + j * rows]`.
    ///
    /// Settable so that callers can fill a design matrix column by column without the
    /// subscript's bounds checks; its count must stay `rows * columns`.
    public var storage: [Double]

    /// A `rows` × `columns` matrix with every element equal to `value`.
    ///
    /// Negative dimensions are a programming error and trap, as `Array(repeating:count:)`
    /// does for a negative count.
    /// - Complexity: O(`rows` × `columns`).
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must not be negative")
        self.rows = rows
        self.columns = columns
        self.storage = Array(repeating: value, count: rows * columns)
    }

    /// A matrix from elements written row by row, the way one types a matrix in source:
    ///
    /// ```swift
    /// let a = try Matrix(rows: 2, columns: 3, elements: [1, 2, 3,
    ///                                                    4, 5, 6])
    /// ```
    ///
    /// It throws rather than traps on a wrong count because the elements may come from
    /// a scenario file, not only from source code.
    /// - Throws: ``LinearError/elementCountMismatch(expected:actual:)``.
    /// - Complexity: O(`rows` × `columns`), one reordering pass.
    public init(rows: Int, columns: Int, elements: [Double]) throws(LinearError) {
        guard rows >= 0, columns >= 0, elements.count == rows * columns else {
            throw .elementCountMismatch(expected: max(0, rows) * max(0, columns), actual: elements.count)
        }
        self.init(rows: rows, columns: columns)
        for i in 0..<rows {
            for j in 0..<columns {
                storage[i + j * rows] = elements[i * columns + j]
            }
        }
    }

    /// A matrix that adopts `storage`, already in column-major order.
    /// - Throws: ``LinearError/elementCountMismatch(expected:actual:)``.
    /// - Complexity: O(1); the array is not copied.
    public init(rows: Int, columns: Int, columnMajor storage: [Double]) throws(LinearError) {
        guard rows >= 0, columns >= 0, storage.count == rows * columns else {
            throw .elementCountMismatch(expected: max(0, rows) * max(0, columns), actual: storage.count)
        }
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// The `n` × `n` identity matrix.
    /// - Complexity: O(`n`²).
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m.storage[i + i * n] = 1 }
        return m
    }

    /// The element at (`row`, `column`), both counted from 0.
    ///
    /// Out-of-range indices trap, like an array index: they are programming errors, not
    /// bad numeric input.
    /// - Complexity: O(1).
    public subscript(row: Int, column: Int) -> Double {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
            return storage[row + column * rows]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
            storage[row + column * rows] = newValue
        }
    }

    /// A copy of column `j`, contiguous in storage and therefore cheap.
    /// - Complexity: O(`rows`).
    public func column(_ j: Int) -> [Double] {
        precondition(j >= 0 && j < columns, "Matrix column out of range")
        return Array(storage[(j * rows)..<((j + 1) * rows)])
    }

    /// The transpose, materialised.
    ///
    /// To multiply by a transpose, prefer the `transposingSelf`/`transposingOther` flags of
    /// ``multiplied(by:transposingSelf:transposingOther:)``, which let BLAS read the
    /// original storage instead of copying it.
    /// - Complexity: O(`rows` × `columns`).
    public func transposed() -> Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for j in 0..<columns {
            for i in 0..<rows {
                t.storage[j + i * columns] = storage[i + j * rows]
            }
        }
        return t
    }

    /// The leading dimension for BLAS/LAPACK: `rows`, but at least 1 as they require.
    var leadingDimension: Int { max(1, rows) }

    /// Whether every element is finite; NaN or infinity in a solver's input would
    /// otherwise come back as a LAPACKE argument error with no useful message.
    var isFinite: Bool { storage.allSatisfy { $0.isFinite } }
}

extension Matrix: CustomStringConvertible {
    /// Rows on separate lines, for test failures and debugging.
    public var description: String {
        var lines: [String] = []
        for i in 0..<rows {
            lines.append((0..<columns).map { String(self[i, $0]) }.joined(separator: " "))
        }
        return "Matrix \(rows)x\(columns)" + (lines.isEmpty ? "" : "\n" + lines.joined(separator: "\n"))
    }
}
