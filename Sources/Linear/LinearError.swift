/// Why a linear-algebra operation gave no answer.
///
/// Bad numeric input never traps: a forecast fitted to a degenerate window of history,
/// or a covariance that lost definiteness to rounding, must surface as an error the
/// caller can report or work around (for instance by dropping a regressor), not as a
/// crash in the middle of a simulation run.
public enum LinearError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The operands' shapes do not fit together, e.g. an m × k matrix times a j × n
    /// matrix with k ≠ j.
    case dimensionMismatch(operation: String, detail: String)
    /// An initializer was given a number of elements other than rows × columns.
    case elementCountMismatch(expected: Int, actual: Int)
    /// A dimension does not fit the 32-bit integers that OpenBLAS and LAPACKE take.
    case tooLarge(dimension: Int)
    /// An input held NaN or an infinity.
    case nonFinite(operation: String)
    /// The matrix given to the Cholesky solver is not symmetric (beyond rounding).
    case notSymmetric(row: Int, column: Int)
    /// The leading minor of this order (counted from 1) is not positive definite, so the
    /// Cholesky factorization could not be completed (LAPACK `dposv` or `dpotrf`, INFO > 0).
    case notPositiveDefinite(leadingMinor: Int)
    /// The design matrix has (numerically) dependent columns; `column` (counted from 1)
    /// is the first whose triangular factor's diagonal is zero or negligible, so the
    /// least-squares coefficients are not unique.
    case rankDeficient(column: Int)
    /// Fewer observations than coefficients: least squares would have no unique answer.
    case underdetermined(rows: Int, columns: Int)
    /// A parameter outside the values the operation accepts, e.g. a non-positive length-scale
    /// given to a Gaussian process; `detail` names the parameter and quotes the value.
    case invalidArgument(operation: String, detail: String)
    /// LAPACKE reported an error this module does not expect (for example -1010, out of
    /// memory); `info` is LAPACKE's return value.
    case lapackFailure(routine: String, info: Int)

    public var description: String {
        switch self {
        case let .dimensionMismatch(operation, detail):
            return "\(operation): dimension mismatch: \(detail)"
        case let .elementCountMismatch(expected, actual):
            return "matrix needs \(expected) elements (rows × columns) but was given \(actual)"
        case let .tooLarge(dimension):
            return "dimension \(dimension) is too large for 32-bit BLAS/LAPACK indices"
        case let .nonFinite(operation):
            return "\(operation): input contains NaN or infinity"
        case let .notSymmetric(row, column):
            return "Cholesky solve: matrix is not symmetric (element (\(row), \(column)) differs from (\(column), \(row)))"
        case let .notPositiveDefinite(minor):
            return "Cholesky solve: matrix is not positive definite (leading minor of order \(minor) is not positive)"
        case let .rankDeficient(column):
            return "least squares: design matrix is rank-deficient (column \(column) is a linear combination of earlier columns); drop or merge that regressor"
        case let .underdetermined(rows, columns):
            return "least squares: \(rows) observation(s) for \(columns) coefficient(s); need at least as many observations as coefficients"
        case let .invalidArgument(operation, detail):
            return "\(operation): \(detail)"
        case let .lapackFailure(routine, info):
            return "\(routine) failed with info = \(info)"
        }
    }
}
