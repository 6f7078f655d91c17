import Autoscaling
import DigitalOceanCatalog
import SimCore
import YAMLSupport
import Yams

/// The months capsim counts in, one constant per meaning (issue 10 found three numbers
/// behind one word).
///
/// - A **growth month** is the Gregorian average, 365.2425 / 12 days: `growth_per_month`
///   compounds over it (`averageSeconds`).
/// - A **billing month** is 730 hours (8,760 / 12, a 365-day year): the monthly
///   equivalent of a horizon's bill and the span after which a resource's charge is capped
///   at its monthly price (`billingHours`).
/// - DigitalOcean's **hourly price** is the monthly price over 672 hours (four weeks); that
///   figure is catalog data, `droplet_billing.hours_per_month`, with its source (FACTS.md).
public enum Month {
    /// Seconds in an average Gregorian month: 30.436875 days.
    public static let averageSeconds = 30.436_875 * 86_400
    /// Hours in a billing month: 730.
    public static let billingHours = 730.0
}
