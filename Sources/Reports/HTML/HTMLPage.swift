/// A self-contained HTML document under construction: headings, tables and figures, with
/// one inline style sheet and nothing loaded from anywhere.
///
/// The page declares a Content Security Policy that forbids every fetch (`default-src
/// 'none'`), so a browser refuses anything that would make the report depend on a
/// network or a file beside it, and says so in its console, where the browser test
/// looks. There is no script: the charts are static SVG, readable in a mail client, a
/// code review or on paper.
struct HTMLPage {
    /// One cell of a table.
    struct Cell: ExpressibleByStringLiteral {
        var text: String
        /// A CSS class: "num" for right-aligned numbers, "met", "missed", "nodata".
        var style: String?

        init(_ text: String, style: String? = nil) {
            self.text = text
            self.style = style
        }

        init(stringLiteral value: String) {
            self.init(value)
        }

        /// A right-aligned number.
        static func number(_ text: String) -> Cell { Cell(text, style: "num") }
    }

    let title: String
    private var body = ""
    private var charts = 0

    init(title: String) {
        self.title = title
        body.reserveCapacity(1 << 20)
    }

    /// An id for the next chart, unique in the page.
    mutating func nextChartID() -> String {
        charts += 1
        return "chart-\(charts)"
    }

    /// The page's heading and a line under it.
    mutating func header(_ heading: String, subtitle: String) {
        body += "<header><h1>\(heading.htmlEscaped)</h1><p class=\"subtitle\">\(subtitle.htmlEscaped)</p></header>"
    }

    /// A section heading.
    mutating func section(_ heading: String) {
        body += "<h2>\(heading.htmlEscaped)</h2>"
    }

    /// A paragraph of plain text.
    mutating func paragraph(_ text: String, style: String? = nil) {
        body += "<p\(style.map { " class=\"\($0)\"" } ?? "")>\(text.htmlEscaped)</p>"
    }

    /// Terms and values, laid out as a grid: the run's setup.
    mutating func facts(_ pairs: [(term: String, value: String)]) {
        body += "<dl class=\"facts\">"
        for pair in pairs { body += "<div><dt>\(pair.term.htmlEscaped)</dt><dd>\(pair.value.htmlEscaped)</dd></div>" }
        body += "</dl>"
    }

    /// A table with a header row; `footer` rows are set apart (totals).
    mutating func table(_ headers: [Cell], rows: [[Cell]], footer: [[Cell]] = [], caption: String? = nil) {
        body += "<div class=\"table-wrap\"><table>"
        if let caption { body += "<caption>\(caption.htmlEscaped)</caption>" }
        body += "<thead><tr>" + headers.map { cell("th", $0) }.joined() + "</tr></thead><tbody>"
        for row in rows { body += "<tr>" + row.map { cell("td", $0) }.joined() + "</tr>" }
        body += "</tbody>"
        if !footer.isEmpty {
            body += "<tfoot>" + footer.map { "<tr>" + $0.map { cell("td", $0) }.joined() + "</tr>" }.joined() + "</tfoot>"
        }
        body += "</table></div>"
    }

    private func cell(_ tag: String, _ cell: Cell) -> String {
        "<\(tag)\(cell.style.map { " class=\"\($0)\"" } ?? "")>\(cell.text.htmlEscaped)</\(tag)>"
    }

    /// A chart and the caption that says what it shows and how it was drawn.
    mutating func figure(_ svg: String, caption: String) {
        body += "<figure>\(svg)<figcaption>\(caption.htmlEscaped)</figcaption></figure>"
    }

    /// The finished document.
    func document() -> String {
        var page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        page += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        page += "<meta name=\"generator\" content=\"capsim\">"
        page += "<title>\(title.htmlEscaped)</title><style>\(Self.styleSheet)</style></head>\n<body><main>"
        page += body
        page += "</main></body></html>\n"
        return page
    }

    /// Light only, also on a dark-mode system and on paper; numbers in tabular figures so
    /// that columns line up; charts as wide as the content and no wider.
    static let styleSheet = """
        :root{color-scheme:light}\
        body{margin:0;background:#fff;color:#1a1a1a;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans","DejaVu Sans",sans-serif}\
        main{max-width:1200px;margin:0 auto;padding:24px 20px 48px}\
        h1{font-size:24px;margin:0 0 2px}\
        h2{font-size:19px;margin:36px 0 10px;padding-bottom:4px;border-bottom:1px solid #bbb}\
        .subtitle{color:#444;margin:0 0 16px}\
        .decision{font-weight:600;font-size:1.1em;margin:0 0 16px}\
        .facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:4px 28px;margin:8px 0 16px}\
        .facts div{display:flex;gap:8px;border-bottom:1px dotted #ccc;padding:2px 0}\
        dt{color:#444;min-width:110px}dd{margin:0;font-weight:600;overflow-wrap:anywhere}\
        .table-wrap{overflow-x:auto}\
        table{border-collapse:collapse;margin:6px 0 14px;font-variant-numeric:tabular-nums}\
        caption{text-align:left;color:#333;padding:0 0 4px;font-size:13px}\
        th,td{padding:4px 10px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}\
        th{background:#f2f2f2;font-weight:600}\
        tfoot td{font-weight:600;border-top:2px solid #999}\
        .num{text-align:right;white-space:nowrap}\
        .met{color:#00603f;font-weight:600}.missed{color:#a33200;font-weight:700}.nodata{color:#555;font-weight:600;font-style:italic}\
        .verdict{font-size:16px;margin:8px 0}\
        figure{margin:18px 0 30px}\
        figcaption{color:#333;font-size:13px;max-width:1060px;margin:2px 0 0 8px}\
        svg.chart{display:block;width:100%;height:auto}\
        svg text{font-family:inherit;fill:#222}\
        .chart-title{font-size:16px;font-weight:600}\
        .legend-label,.tick-label,.value-label,.point-label,.ref-label{font-size:12px}\
        .tick-label.day,.tick-label.highlighted{font-weight:700}\
        .axis-title{font-size:13px;fill:#333}\
        .panel-title{font-size:13px;font-weight:600}\
        .grid{stroke:#e4e4e4;stroke-width:1}.grid.major{stroke:#b5b5b5}\
        .axis-line{stroke:#444;stroke-width:1}\
        .warmup{fill:#000;fill-opacity:.05}\
        .note{font-size:11px;fill:#555;font-style:italic}\
        .empty-note{font-size:14px;fill:#555;font-style:italic}\
        .point-label,.ref-label{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}\
        @media print{body{font-size:10pt}main{max-width:none;padding:0}h2{break-after:avoid}figure,table,.facts{break-inside:avoid}}\
        @page{margin:12mm}
        """
}
