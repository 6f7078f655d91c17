import CLapack

extension Matrix {
    /// The matrix product op(`self`) × op(`other`) through BLAS `dgemm`, where op is the
    /// transpose when the matching flag is set.
    ///
    /// The flags let BLAS read the transpose in place, so a normal-equations matrix XᵀX
    /// costs no copy: `x.multiplied(by: x, transposingSelf: true)`. Why `dgemm` rather than
    /// a Swift loop: it is blocked for the cache, and it is the routine SWIFT-NOTES.md
    /// records as checked on this machine.
    /// - Throws: ``LinearError/dimensionMismatch(operation:detail:)`` when the inner
    ///   dimensions differ; ``LinearError/tooLarge(dimension:)``.
    /// - Complexity: 2 · m · k · n floating-point operations for an m × k by k × n
    ///   product, plus O(m · n) to allocate the result.
    public func multiplied(
        by other: Matrix, transposingSelf: Bool = false, transposingOther: Bool = false
    ) throws(LinearError) -> Matrix {
        let m = transposingSelf ? columns : rows
        let k = transposingSelf ? rows : columns
        let k2 = transposingOther ? other.columns : other.rows
        let n = transposingOther ? other.rows : other.columns
        guard k == k2 else {
            throw .dimensionMismatch(
                operation: "matrix product",
                detail: "left operand is \(m)x\(k), right operand is \(k2)x\(n)")
        }
        var result = Matrix(rows: m, columns: n)
        // dgemm with k = 0 would only zero C, which it already is; m or n = 0 is empty.
        guard m > 0, n > 0, k > 0 else { return result }
        let (bm, bn, bk) = (try blasInt(m), try blasInt(n), try blasInt(k))
        let lda = try blasInt(leadingDimension)
        let ldb = try blasInt(other.leadingDimension)
        let ldc = try blasInt(result.leadingDimension)
        storage.withUnsafeBufferPointer { a in
            other.storage.withUnsafeBufferPointer { b in
                result.storage.withUnsafeMutableBufferPointer { c in
                    cblas_dgemm(
                        CblasColMajor,
                        transposingSelf ? CblasTrans : CblasNoTrans,
                        transposingOther ? CblasTrans : CblasNoTrans,
                        bm, bn, bk, 1.0, a.baseAddress, lda, b.baseAddress, ldb,
                        0.0, c.baseAddress, ldc)
                }
            }
        }
        return result
    }

    /// The matrix-vector product op(`self`) × `vector` through BLAS `dgemv`.
    ///
    /// With `transposingSelf`, this is Xᵀy, the right-hand side of the normal equations,
    /// without materialising Xᵀ.
    /// - Throws: ``LinearError/dimensionMismatch(operation:detail:)`` when `vector.count`
    ///   differs from the (possibly transposed) column count.
    /// - Complexity: 2 · `rows` · `columns` floating-point operations.
    public func multiplied(by vector: [Double], transposingSelf: Bool = false) throws(LinearError) -> [Double] {
        let m = transposingSelf ? columns : rows
        let n = transposingSelf ? rows : columns
        guard vector.count == n else {
            throw .dimensionMismatch(
                operation: "matrix-vector product",
                detail: "matrix is \(m)x\(n), vector has \(vector.count) elements")
        }
        var result = [Double](repeating: 0, count: m)
        guard m > 0, n > 0 else { return result }
        // dgemv's m and n always describe the stored matrix, not op(A).
        let (bm, bn) = (try blasInt(rows), try blasInt(columns))
        let lda = try blasInt(leadingDimension)
        storage.withUnsafeBufferPointer { a in
            vector.withUnsafeBufferPointer { x in
                result.withUnsafeMutableBufferPointer { y in
                    cblas_dgemv(
                        CblasColMajor, transposingSelf ? CblasTrans : CblasNoTrans,
                        bm, bn, 1.0, a.baseAddress, lda, x.baseAddress, 1,
                        0.0, y.baseAddress, 1)
                }
            }
        }
        return result
    }
}
