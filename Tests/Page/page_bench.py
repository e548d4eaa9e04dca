#!/usr/bin/env python3
"""Issue 14's figures for Docs/benchmarks.md: the programme page's weight and its time to a rendered programme.

  page_bench.py --agora .build/release/agora [--runs 3]

Starts the binary (seeded) on a free port and loads the QuattroPole event page (the server's HTML, then the script
renders the programme from the API) and the list at / in headless chromium with the browser cache off:
- weight: the bytes of the HTML document, the stylesheet and every JavaScript module the visit loaded, uncompressed
  (Resource Timing's decodedBodySize; the server does not compress), the API's JSON counted apart;
- time to a rendered programme: from navigation start to the page's `agora-rendered` mark (set once the view is
  drawn from the API's answers), median of --runs loads on loopback.
Prints the figures as a Markdown table row.
"""
import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Support"))
from page_check import TOKEN, Browser, Server  # noqa: E402

PAGES = {"event page (QuattroPole programme)": "/events/quattropole-2017?lang=de", "list (/)": "/?lang=de"}
MEASURE = """
const mark = performance.getEntriesByName('agora-rendered')[0];
const navigation = performance.getEntriesByType('navigation')[0];
const page = {document: navigation.decodedBodySize, css: 0, js: 0, json: 0, files: 0};
for (const entry of performance.getEntriesByType('resource')) {
  const path = new URL(entry.name).pathname;
  if (path.endsWith('.css')) page.css += entry.decodedBodySize;
  else if (path.endsWith('.js')) { page.js += entry.decodedBodySize; page.files += 1; }
  else if (entry.initiatorType === 'fetch') page.json += entry.decodedBodySize;
}
return {rendered: mark ? mark.startTime : null, ...page};
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--agora", required=True)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="agora-page-bench-") as work:
        server = Server(os.path.abspath(arguments.agora), work, TOKEN)
        server.launch()
        browser = Browser(server.base)
        try:
            browser.driver.execute_cdp_cmd("Network.enable", {})
            browser.driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
            print("| page | HTML | CSS | JS (modules) | HTML+CSS+JS | API JSON | time to rendered (median of %d) |" % arguments.runs)
            print("|---|---|---|---|---|---|---|")
            for label, path in PAGES.items():
                samples = []
                for _ in range(arguments.runs):
                    browser.driver.get("about:blank")
                    browser.get(path)
                    WebDriverWait(browser.driver, 10).until(
                        lambda d: d.execute_script("return performance.getEntriesByName('agora-rendered').length > 0"))
                    samples.append(browser.js(MEASURE))
                last = samples[-1]
                total = last["document"] + last["css"] + last["js"]
                median = statistics.median(sample["rendered"] for sample in samples)
                print(f"| {label} | {last['document']:,} B | {last['css']:,} B | {last['js']:,} B ({last['files']}) "
                      f"| {total:,} B | {last['json']:,} B | {median:.0f} ms |", flush=True)
        finally:
            browser.quit()
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
