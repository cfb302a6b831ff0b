"""Rebuild examples/articles/warc/crawl.warc.gz, a small fictional web crawl.

The archive holds:
  1. a warcinfo record,
  2. a request record for the Orrin Today article (not a page; to be ignored),
  3. a response record: Orrin Today article (HTML, April 2024),
  4. a response record: robots.txt of orrintoday.example (text/plain; to be ignored),
  5. a response record: Valdoria Public Radio article (HTML, September 2025).

All WARC-Date values and WARC-Record-IDs are fixed, so running this script
twice produces byte-identical output.

Usage: .venv/bin/python examples/make_warc.py
"""

from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUT = Path(__file__).parent / "articles" / "warc" / "crawl.warc.gz"

ORRIN_TODAY_URL = "https://orrintoday.example/2024/04/11/kessel-residents-return-under-escort/"
ROBOTS_URL = "https://orrintoday.example/robots.txt"
VPR_URL = "https://vpr.example/news/2025/09/18/kessel-watches-lake-orrin-rise"

ORRIN_TODAY_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Kessel residents return under escort as minister warns dam repair could take a year - Orrin Today</title>
<meta name="author" content="Nika Berglund">
<meta property="og:site_name" content="Orrin Today">
<meta property="og:title" content="Kessel residents return under escort as minister warns dam repair could take a year">
<meta property="article:published_time" content="2024-04-11T14:05:00+02:00">
<link rel="canonical" href="https://orrintoday.example/2024/04/11/kessel-residents-return-under-escort/">
</head>
<body>
<div id="top-bar">
  <span class="weather">Dravin 11&deg;C, showers</span>
  <a href="/login">Log in</a> | <a href="/register">Register</a>
</div>
<div id="menu">
  <a href="/">Orrin Today</a>
  <a href="/local">Local</a>
  <a href="/orrin-dam">Orrin Dam crisis</a>
  <a href="/sport">Sport</a>
  <a href="/notices">Notices</a>
  <a href="/contact">Contact</a>
</div>
<div id="content">
  <div class="post">
    <h1 class="entry-title">Kessel residents return under escort as minister warns dam repair could take a year</h1>
    <div class="entry-meta">Posted on <span class="date">11 April 2024</span> by <span class="author">Nika Berglund</span></div>
    <div class="entry-content">
      <p><strong>KESSEL</strong> &ndash; The first residents were allowed back into Kessel on Thursday morning, in groups of twenty and under police escort, to collect medicines, documents and, in one case, a tortoise.</p>
      <p>Nearly 4,000 people have been out of their homes since Monday evening, when the Orrin Valley Water Authority ordered the town evacuated after engineers found cracks in the Orrin Dam nine kilometres upstream.</p>
      <p>Visiting the dam on Thursday, Infrastructure Minister Tomas Reinholt said the repair would &ldquo;very likely take more than a year&rdquo; but that residents could return home long before it was finished, once the reservoir had been lowered to a safe level.</p>
      <p>&ldquo;We are talking about weeks for the people of Kessel, not months,&rdquo; Reinholt said, standing on the crest of the dam. &ldquo;For the dam itself, we are talking about a major engineering project.&rdquo;</p>
      <p>Lena Marek, the authority&rsquo;s head of dam safety, said the level of Lake Orrin had dropped 2.3 metres since Monday. The target is now six metres, double the figure given at the start of the week, after divers found a second crack below the waterline on Tuesday.</p>
      <p>The main crack, on the downstream face near the left abutment, is more than 10 metres long. Marek said instruments fitted across it on Tuesday had recorded no further movement in 48 hours. &ldquo;That is good news, but it is two days of data,&rdquo; she said. &ldquo;I want two weeks.&rdquo;</p>
      <p>The ministry confirmed on Wednesday that an inspection report at the end of 2019 had recorded seepage near the damaged section of the dam, which was built in 1987. Reinholt has ordered a review of all 31 large dams in Valdoria.</p>
      <p>At the Dravin sports hall, where about 400 evacuees are sleeping, the mood on Thursday was weary rather than angry. Children played football between the rows of camp beds while their parents queued for the one working washing machine.</p>
      <p>&ldquo;The first night, nobody slept. Now we sleep, but we are tired of sleeping here,&rdquo; said Hana Kral, 71, who has lived in Kessel all her life. She had collected her blood-pressure tablets and her late husband&rsquo;s watch during her visit home. &ldquo;Everything else can wait. The dam can&rsquo;t.&rdquo;</p>
      <p>Escorted visits will continue on Friday and over the weekend, the authority said. Residents must register at the Dravin town hall the day before.</p>
    </div>
    <div class="entry-tags">Tags: <a href="/tag/kessel">Kessel</a>, <a href="/tag/orrin-dam">Orrin Dam</a>, <a href="/tag/evacuation">evacuation</a></div>
  </div>
  <div id="sidebar">
    <h3>Latest news</h3>
    <ul>
      <li><a href="/2024/04/10/dravin-schools-split-shifts">Dravin schools move to split shifts for Kessel pupils</a></li>
      <li><a href="/2024/04/09/how-to-register-for-shelter">How to register for emergency shelter in Dravin</a></li>
      <li><a href="/2024/04/05/market-day-moved">Kessel market day moved to Saturday</a></li>
    </ul>
    <p class="donate">Orrin Today is free to read. Support local journalism: become a member.</p>
  </div>
</div>
<div id="footer">Copyright &copy; 2024 Orrin Today. Independent news for the Orrin valley.</div>
</body>
</html>
"""

VPR_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Eighteen months on, Kessel watches Lake Orrin rise | Valdoria Public Radio</title>
<meta name="description" content="The town emptied by the Orrin Dam cracks is learning to live with the lake again.">
<meta property="og:site_name" content="Valdoria Public Radio">
<meta property="og:title" content="Eighteen months on, Kessel watches Lake Orrin rise">
<meta property="article:published_time" content="2025-09-18T06:00:00+02:00">
<meta name="author" content="Oskar Dahl">
<link rel="canonical" href="https://vpr.example/news/2025/09/18/kessel-watches-lake-orrin-rise">
</head>
<body>
<header class="vpr-header">
  <a class="brand" href="/">VPR</a>
  <nav>
    <a href="/news">News</a>
    <a href="/programmes">Programmes</a>
    <a href="/podcasts">Podcasts</a>
    <a href="/live">Listen live</a>
    <a href="/donate">Donate</a>
  </nav>
</header>
<main>
  <article>
    <h1>Eighteen months on, Kessel watches Lake Orrin rise</h1>
    <p class="meta">By Oskar Dahl &middot; <time datetime="2025-09-18T06:00:00+02:00">18 September 2025</time></p>
    <div class="audio-player">Listen &middot; 4 min &middot; VPR Morning</div>
    <div class="text">
      <p>Every morning this week, Lea Hoffer has walked her dog to the bridge at the top of Kessel and looked up the valley towards the Orrin Dam.</p>
      <p>&ldquo;I can&rsquo;t see the lake from here, of course,&rdquo; she says. &ldquo;But I know it&rsquo;s getting bigger. It&rsquo;s a strange feeling, to be glad about it.&rdquo;</p>
      <p>It has been 18 months since more than 4,000 people were ordered out of this town in a single evening, after engineers found cracks in the dam nine kilometres upstream. On Monday, after a repair that took well over a year, the dam was declared back in service and the gates that had kept the reservoir low were closed.</p>
      <p>The national Dam Safety Board certified the structure last Friday. Since Monday, the water authority says, the lake has risen by about 40 centimetres.</p>
      <p>Lena Marek, the authority&rsquo;s head of dam safety, says that is exactly what should happen. &ldquo;We fill it slowly on purpose. Every few centimetres, we check what the new sensors tell us against what our models predict,&rdquo; she told VPR. &ldquo;So far the dam is behaving very well.&rdquo;</p>
      <p>Not everyone in Kessel is ready to take that on trust. Last week, the town council voted to ask the government to pay for flood-proofing cellars in the oldest part of town, and Mayor Ivo Brandt has asked for a seat for Kessel on the board that oversees the dam.</p>
      <p>&ldquo;The people who live under a dam should have a say in how it is run,&rdquo; Brandt said. &ldquo;That is not a complaint. It is a lesson.&rdquo;</p>
      <p>The Orrin Dam was built in 1987. An inspection at the end of 2019 recorded seepage near the section that later cracked, but a follow-up investigation was never carried out, a government-commissioned review found in March.</p>
      <p>Infrastructure Minister Tomas Reinholt has promised to present a new dam safety law to parliament before the end of the year. It would require public reports on every large dam in the country every two years.</p>
      <p>In the square, Jonas Eller, whose bakery stayed shut for six weeks in 2024, says business is back to normal. &ldquo;People talk about the lake again like it&rsquo;s the weather,&rdquo; he says. &ldquo;That&rsquo;s how you know things are all right.&rdquo;</p>
    </div>
  </article>
  <aside class="more-from-vpr">
    <h2>More from VPR News</h2>
    <ul>
      <li><a href="/news/2025/09/17/rail-strike-called-off">National rail strike called off after late-night talks</a></li>
      <li><a href="/news/2025/09/16/budget-preview">What to expect from next week's budget</a></li>
    </ul>
    <p>VPR is funded by listeners like you. Donate today.</p>
  </aside>
</main>
<footer>&copy; 2025 Valdoria Public Radio. All rights reserved. | <a href="/privacy">Privacy</a> | <a href="/contact">Contact VPR</a></footer>
</body>
</html>
"""

ROBOTS_TXT = """User-agent: *
Disallow: /wp-admin/
Disallow: /search
Sitemap: https://orrintoday.example/sitemap.xml
"""


def http_response(body: bytes, content_type: str, last_modified: str) -> StatusAndHeaders:
    return StatusAndHeaders(
        "200 OK",
        [
            ("Content-Type", content_type),
            ("Content-Length", str(len(body))),
            ("Last-Modified", last_modified),
            ("Server", "nginx"),
        ],
        protocol="HTTP/1.1",
    )


def main() -> None:
    buf = BytesIO()
    writer = WARCWriter(buf, gzip=True)

    info = writer.create_warcinfo_record(
        "crawl.warc.gz",
        {
            "software": "Storyline example builder (make_warc.py)",
            "format": "WARC File Format 1.0",
            "description": "Fictional crawl for the Storyline demo corpus",
        },
    )
    info.rec_headers.replace_header("WARC-Date", "2025-09-19T08:00:00Z")
    info.rec_headers.replace_header("WARC-Record-ID", "<urn:uuid:00000000-0000-4000-8000-000000000001>")
    writer.write_record(info)

    # A request record: not a page, an ingester must skip it.
    req_headers = StatusAndHeaders(
        "GET /2024/04/11/kessel-residents-return-under-escort/ HTTP/1.1",
        [("Host", "orrintoday.example"), ("User-Agent", "storyline-example-crawler/0.1")],
        is_http_request=True,
    )
    req = writer.create_warc_record(
        ORRIN_TODAY_URL,
        "request",
        payload=BytesIO(b""),
        http_headers=req_headers,
        warc_headers_dict={
            "WARC-Date": "2024-04-11T13:10:00Z",
            "WARC-Record-ID": "<urn:uuid:00000000-0000-4000-8000-000000000002>",
        },
    )
    writer.write_record(req)

    records = [
        (
            ORRIN_TODAY_URL,
            ORRIN_TODAY_HTML,
            "text/html; charset=utf-8",
            "Thu, 11 Apr 2024 12:05:00 GMT",
            "2024-04-11T13:10:01Z",
            3,
        ),
        (
            ROBOTS_URL,
            ROBOTS_TXT,
            "text/plain; charset=utf-8",
            "Mon, 08 Jan 2024 09:00:00 GMT",
            "2024-04-11T13:10:02Z",
            4,
        ),
        (
            VPR_URL,
            VPR_HTML,
            "text/html; charset=utf-8",
            "Thu, 18 Sep 2025 04:00:00 GMT",
            "2025-09-18T09:30:00Z",
            5,
        ),
    ]
    for url, text, ctype, last_mod, warc_date, n in records:
        body = text.encode("utf-8")
        rec = writer.create_warc_record(
            url,
            "response",
            payload=BytesIO(body),
            http_headers=http_response(body, ctype, last_mod),
            warc_headers_dict={
                "WARC-Date": warc_date,
                "WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-00000000000{n}>",
            },
        )
        writer.write_record(rec)

    OUT.write_bytes(buf.getvalue())
    print(f"wrote {OUT} ({len(buf.getvalue())} bytes)")


if __name__ == "__main__":
    main()
