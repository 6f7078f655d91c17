import Foundation
import XCTest

@testable import Autoscaling

/// Cron parsing and firing, checked against hand-worked calendars (2026-01-01 is a
/// Thursday) and against the per-minute reference ``CronSchedule/matches(_:in:)``.
final class CronScheduleTests: XCTestCase {
    private let newYork = TimeZone(identifier: "America/New_York")!
    private let berlin = TimeZone(identifier: "Europe/Berlin")!
    private let london = TimeZone(identifier: "Europe/London")!
    private let utc = TimeZone(identifier: "UTC")!

    private func date(_ iso: String) -> Date {
        ISO8601DateFormatter().date(from: iso)!
    }

    private func firings(_ expression: String, _ from: String, _ through: String, _ zone: TimeZone) throws -> [Date] {
        try CronSchedule(parsing: expression).firings(from: date(from), through: date(through), in: zone)
    }

    // MARK: Firing instants

    func testCron_weekdayEveningInNewYorkIsLaterUTCInWinter() throws {
        // Friday 2026-01-09 18:00 EST (UTC−5); Saturday and Sunday do not fire.
        let got = try firings("0 18 * * 1-5", "2026-01-09T00:00:00Z", "2026-01-11T23:59:00Z", newYork)
        XCTAssertEqual(got, [date("2026-01-09T23:00:00Z")])
    }

    func testCron_weekdayEveningInNewYorkIsEarlierUTCInSummer() throws {
        // Friday 2026-07-10 18:00 EDT (UTC−4); Saturday 2026-07-11 does not fire.
        let got = try firings("0 18 * * 1-5", "2026-07-10T00:00:00Z", "2026-07-12T23:59:00Z", newYork)
        XCTAssertEqual(got, [date("2026-07-10T22:00:00Z")])
    }

    func testCron_weekdayRangeSkipsSaturday() throws {
        let schedule = try CronSchedule(parsing: "0 18 * * 1-5")
        XCTAssertTrue(schedule.matches(minute: 0, hour: 18, day: 9, month: 1, weekday: 5))
        XCTAssertFalse(schedule.matches(minute: 0, hour: 18, day: 10, month: 1, weekday: 6))
        XCTAssertFalse(schedule.matches(_: date("2026-01-10T23:00:00Z"), in: newYork))
        XCTAssertTrue(schedule.matches(_: date("2026-01-09T23:00:00Z"), in: newYork))
    }

    func testCron_weekdayNamesMatchNumbersInAnyCase() throws {
        // Monday 2026-11-30 to Sunday 2026-12-06 in London (GMT in winter).
        let named = try firings("0 8 * * mon-fri", "2026-11-30T00:00:00Z", "2026-12-06T23:59:00Z", london)
        let upper = try firings("0 8 * * MON-Fri", "2026-11-30T00:00:00Z", "2026-12-06T23:59:00Z", london)
        let numbered = try firings("0 8 * * 1-5", "2026-11-30T00:00:00Z", "2026-12-06T23:59:00Z", london)
        XCTAssertEqual(named.count, 5)
        XCTAssertEqual(named.first, date("2026-11-30T08:00:00Z"))
        XCTAssertEqual(named.last, date("2026-12-04T08:00:00Z"))
        XCTAssertEqual(named, numbered)
        XCTAssertEqual(upper, numbered)
    }

    func testCron_monthNamesMatchNumbers() throws {
        let named = try firings("0 0 1 JAN,jul *", "2026-01-01T00:00:00Z", "2026-12-31T23:59:00Z", utc)
        XCTAssertEqual(named, [date("2026-01-01T00:00:00Z"), date("2026-07-01T00:00:00Z")])
        XCTAssertEqual(named, try firings("0 0 1 1,7 *", "2026-01-01T00:00:00Z", "2026-12-31T23:59:00Z", utc))
    }

    func testCron_stepOverStarWithinHourRange() throws {
        let got = try firings("*/15 9-17 * * *", "2026-03-02T00:00:00Z", "2026-03-02T23:59:00Z", utc)
        XCTAssertEqual(got.count, 9 * 4)
        XCTAssertEqual(got.first, date("2026-03-02T09:00:00Z"))
        XCTAssertEqual(got[1], date("2026-03-02T09:15:00Z"))
        XCTAssertEqual(got.last, date("2026-03-02T17:45:00Z"))
    }

    func testCron_stepOverRangeAndFromNumber() throws {
        let ranged = try firings("10-50/20 0 * * *", "2026-03-02T00:00:00Z", "2026-03-02T23:59:00Z", utc)
        XCTAssertEqual(ranged.map { Calendar.utc.component(.minute, from: $0) }, [10, 30, 50])
        let fromNumber = try firings("5/20 0 * * *", "2026-03-02T00:00:00Z", "2026-03-02T23:59:00Z", utc)
        XCTAssertEqual(fromNumber.map { Calendar.utc.component(.minute, from: $0) }, [5, 25, 45])
        let list = try firings("0,7,59 0 * * *", "2026-03-02T00:00:00Z", "2026-03-02T23:59:00Z", utc)
        XCTAssertEqual(list.map { Calendar.utc.component(.minute, from: $0) }, [0, 7, 59])
    }

    func testCron_dayOfMonthOrDayOfWeekWhenBothRestricted() throws {
        // August 2026: the 1st is a Saturday; Mondays are the 3rd, 10th, 17th, 24th, 31st.
        let got = try firings("0 0 1 * 1", "2026-08-01T00:00:00Z", "2026-08-31T23:59:00Z", utc)
        XCTAssertEqual(got.map { Calendar.utc.component(.day, from: $0) }, [1, 3, 10, 17, 24, 31])
    }

    func testCron_starredDayOfMonthLeavesDayOfWeekInCharge() throws {
        // A field starting with `*` is unrestricted (Vixie cron), so both must match.
        let got = try firings("0 0 */1 * 1", "2026-08-01T00:00:00Z", "2026-08-31T23:59:00Z", utc)
        XCTAssertEqual(got.map { Calendar.utc.component(.day, from: $0) }, [3, 10, 17, 24, 31])
        let onlyFirst = try firings("0 0 1 * *", "2026-08-01T00:00:00Z", "2026-08-31T23:59:00Z", utc)
        XCTAssertEqual(onlyFirst.map { Calendar.utc.component(.day, from: $0) }, [1])
    }

    func testCron_sevenAndZeroAreBothSunday() throws {
        // 2026-08-02 is a Sunday.
        let window = ("2026-07-27T00:00:00Z", "2026-08-02T23:59:00Z")
        let seven = try firings("0 12 * * 7", window.0, window.1, utc)
        XCTAssertEqual(seven, [date("2026-08-02T12:00:00Z")])
        XCTAssertEqual(seven, try firings("0 12 * * 0", window.0, window.1, utc))
        XCTAssertEqual(seven, try firings("0 12 * * sun", window.0, window.1, utc))
        XCTAssertEqual(try firings("0 12 * * 5-7", window.0, window.1, utc).count, 3)
        let schedule = try CronSchedule(parsing: "0 12 * * 7")
        XCTAssertTrue(schedule.matches(minute: 0, hour: 12, day: 2, month: 8, weekday: 0))
        XCTAssertTrue(schedule.matches(minute: 0, hour: 12, day: 2, month: 8, weekday: 7))
    }

    func testCron_springForwardSkipsTheMissingLocalTime() throws {
        // Europe/Berlin jumps from 02:00 CET to 03:00 CEST on 2026-03-29: 02:30 never happens.
        let got = try firings("30 2 * * *", "2026-03-28T00:00:00Z", "2026-03-30T23:59:00Z", berlin)
        XCTAssertEqual(got, [date("2026-03-28T01:30:00Z"), date("2026-03-30T00:30:00Z")])
    }

    func testCron_fallBackFiresTheRepeatedLocalTimeTwice() throws {
        // Europe/Berlin goes from 03:00 CEST back to 02:00 CET on 2026-10-25.
        let got = try firings("30 2 * * *", "2026-10-25T00:00:00Z", "2026-10-25T23:59:00Z", berlin)
        XCTAssertEqual(got, [date("2026-10-25T00:30:00Z"), date("2026-10-25T01:30:00Z")])
    }

    func testCron_firingsAgreeWithMinuteByMinuteMatching() throws {
        // Weeks holding a DST change in each direction, in zones east and west of UTC, and
        // a zone with a half-hour offset.
        let cases: [(String, TimeZone)] = [
            ("2026-03-06T00:00:00Z", newYork), ("2026-10-29T00:00:00Z", newYork),
            ("2026-03-25T00:00:00Z", berlin), ("2026-10-22T00:00:00Z", berlin),
            ("2026-04-01T00:00:00Z", TimeZone(identifier: "Australia/Adelaide")!),
        ]
        let expressions = ["30 2 * * *", "*/15 9-17 * * 1-5", "0 0 1,15 * 0", "7 1-3 * * *", "0 * 29 * *"]
        for (start, zone) in cases {
            let from = date(start)
            let through = from.addingTimeInterval(7 * 86_400)
            for expression in expressions {
                let schedule = try CronSchedule(parsing: expression)
                var expected: [Date] = []
                var t = from
                while t <= through {
                    if schedule.matches(t, in: zone) { expected.append(t) }
                    t += 60
                }
                XCTAssertEqual(
                    schedule.firings(from: from, through: through, in: zone), expected,
                    "\(expression) from \(start) in \(zone.identifier)")
            }
        }
    }

    func testCron_rangeBoundsAreInclusiveAndRoundedToWholeMinutes() throws {
        let schedule = try CronSchedule(parsing: "* * * * *")
        let got = schedule.firings(
            from: date("2026-03-02T00:00:00Z").addingTimeInterval(0.5),
            through: date("2026-03-02T00:03:00Z"), in: utc)
        XCTAssertEqual(got, [date("2026-03-02T00:01:00Z"), date("2026-03-02T00:02:00Z"), date("2026-03-02T00:03:00Z")])
        XCTAssertEqual(schedule.firings(from: date("2026-03-02T00:03:00Z"), through: date("2026-03-02T00:02:00Z"), in: utc), [])
    }

    // MARK: Parse errors

    private func parseError(_ expression: String) -> CronError? {
        do {
            _ = try CronSchedule(parsing: expression)
            return nil
        } catch {
            return error
        }
    }

    func testCron_wrongFieldCountIsReported() {
        XCTAssertEqual(parseError("0 18 * *"), .fieldCount(found: 4))
        XCTAssertEqual(
            parseError("0 18 * *")?.description,
            "expected 5 fields (minute hour day-of-month month day-of-week), found 4")
        XCTAssertEqual(parseError("0 0 18 * * 1"), .fieldCount(found: 6))
        XCTAssertEqual(parseError(""), .fieldCount(found: 0))
    }

    func testCron_outOfRangeValueNamesItsField() {
        XCTAssertEqual(parseError("0 25 * * *"), .outOfRange(field: .hour, value: 25, range: 0...23))
        XCTAssertEqual(parseError("0 25 * * *")?.description, "hour: 25 is out of range 0–23")
        XCTAssertEqual(parseError("60 0 * * *")?.description, "minute: 60 is out of range 0–59")
        XCTAssertEqual(parseError("0 0 0 * *")?.description, "day-of-month: 0 is out of range 1–31")
        XCTAssertEqual(parseError("0 0 * 13 *")?.description, "month: 13 is out of range 1–12")
        XCTAssertEqual(parseError("0 0 * * 8")?.description, "day-of-week: 8 is out of range 0–7")
        XCTAssertEqual(parseError("0 9-24 * * *"), .outOfRange(field: .hour, value: 24, range: 0...23))
    }

    func testCron_unknownValueOrNameIsReported() {
        XCTAssertEqual(parseError("x 0 * * *"), .invalidValue(field: .minute, text: "x"))
        XCTAssertEqual(parseError("x 0 * * *")?.description, "minute: \"x\" is not a number")
        XCTAssertEqual(
            parseError("0 0 * jab *")?.description, "month: \"jab\" is not a number or a month name (jan–dec)")
        XCTAssertEqual(
            parseError("0 0 * * monday")?.description,
            "day-of-week: \"monday\" is not a number or a weekday name (sun–sat)")
        // Names belong to their own field only, and signs are not numbers.
        XCTAssertEqual(parseError("0 mon * * *"), .invalidValue(field: .hour, text: "mon"))
        XCTAssertEqual(parseError("0 0 * * jan"), .invalidValue(field: .dayOfWeek, text: "jan"))
        XCTAssertEqual(parseError("-1 0 * * *"), .invalidValue(field: .minute, text: ""))
        XCTAssertEqual(parseError("+1 0 * * *"), .invalidValue(field: .minute, text: "+1"))
    }

    func testCron_backwardsRangeIsReported() {
        XCTAssertEqual(parseError("0 17-9 * * *"), .reversedRange(field: .hour, low: 17, high: 9))
        XCTAssertEqual(
            parseError("0 17-9 * * *")?.description, "hour: range 17-9 runs backwards; write the smaller value first")
        XCTAssertEqual(parseError("0 0 * * fri-mon"), .reversedRange(field: .dayOfWeek, low: 5, high: 1))
    }

    func testCron_badStepIsReported() {
        XCTAssertEqual(parseError("*/0 * * * *"), .invalidStep(field: .minute, text: "0"))
        XCTAssertEqual(parseError("*/0 * * * *")?.description, "minute: step \"0\" must be a positive whole number")
        XCTAssertEqual(parseError("0 */x * * *"), .invalidStep(field: .hour, text: "x"))
        XCTAssertEqual(parseError("0 0 1-10/ * *"), .invalidStep(field: .dayOfMonth, text: ""))
        XCTAssertEqual(parseError("0 0 * * */2/3"), .invalidStep(field: .dayOfWeek, text: "2/3"))
    }

    func testCron_emptyListElementIsReported() {
        XCTAssertEqual(parseError("1,,2 * * * *"), .emptyElement(field: .minute, text: "1,,2"))
        XCTAssertEqual(parseError("1,,2 * * * *")?.description, "minute: empty list element in \"1,,2\"")
        XCTAssertEqual(parseError("0 0 * 1, *"), .emptyElement(field: .month, text: "1,"))
    }

    func testCron_expressionIsNormalisedForReasons() throws {
        XCTAssertEqual(try CronSchedule(parsing: "  0\t18 *  * 1-5 ").description, "0 18 * * 1-5")
    }
}

extension Calendar {
    fileprivate static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
