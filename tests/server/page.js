// The web page of `transaudit server` in headless Chromium (Debian's
// package), driven by playwright-core: the page loads, a pasted article
// shows its findings highlighted over the right text, applying a fix
// changes the text, and nothing is fetched from outside the server.
//
// Usage: node page.js URL SCREENSHOT.png USER_DATA_DIR
"use strict";
const { chromium } = require("playwright-core");

const [url, screenshot, profile] = process.argv.slice(2);
const ARTICLE =
  "Titre de l’article 😀\n" +
  "Le ministre a parlé à Kyiv.Zelenskyqui a répondu hier, « c’est clair ».\n" +
  "La route fait 55 miles, dit-il.\n" +
  "Leave a Reply\n";

function fail(msg) {
  console.log("page: FAIL: " + msg);
  process.exit(1);
}

(async () => {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1280, height: 860 },
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  try {
    const page = context.pages()[0] || (await context.newPage());
    const outside = [];
    page.on("request", (r) => { if (!r.url().startsWith(url)) outside.push(r.url()); });
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));

    const resp = await page.goto(url);
    if (!resp || resp.status() !== 200) fail("GET / answered " + (resp && resp.status()));
    if (!(await page.title()).includes("transaudit")) fail("unexpected title");

    await page.fill("#article", ARTICLE);
    await page.click("#check");
    await page.waitForSelector("#view mark", { timeout: 15000 });

    // Each highlight covers exactly the text its finding reports.
    const marks = await page.$$eval("#view mark", (ms) => ms.map((m) => ({ i: +m.dataset.i, text: m.textContent, cls: m.className })));
    const findings = await page.evaluate(() => window.transaudit.findings());
    for (const m of marks) {
      const f = findings[m.i];
      const want = ARTICLE.slice(f.start16, f.end16);
      if (m.text !== want) fail(`mark ${m.i} shows ${JSON.stringify(m.text)}, finding covers ${JSON.stringify(want)}`);
      if (!m.cls.includes(f.severity)) fail(`mark ${m.i} is not coloured as ${f.severity}`);
    }
    for (const want of ["Zelenskyqui", "55 miles", "Leave a Reply"]) {
      if (!marks.some((m) => m.text === want)) fail(`${want} is not highlighted: ${JSON.stringify(marks.map((m) => m.text))}`);
    }
    const rows = await page.$$eval("#summary tbody tr", (rs) => rs.length);
    if (rows < 3) fail("the summary lists " + rows + " categories");
    const density = await page.textContent("#density");
    if (!(parseFloat(density) > 0)) fail("density shown: " + density);

    // Select the glued word: its explanation shows; then apply its fix.
    const glued = findings.findIndex((f) => f.rule === "glued-word/lost-space");
    if (glued < 0) fail("no glued-word finding");
    await page.click(`#view mark[data-i='${glued}']`);
    const expl = await page.textContent(`#findings li[data-i='${glued}'] .expl`);
    if (!expl || expl.length < 20) fail("no explanation for the selected finding");
    await page.screenshot({ path: screenshot, fullPage: false });
    const kind = findings[glued].fix.applicability;
    const label = await page.textContent(`#findings button.fix[data-i='${glued}']`);
    await page.click(`#findings button.fix[data-i='${glued}']`);
    await page.waitForFunction(() => document.getElementById("article").value.includes("Zelensky qui"), null, { timeout: 15000 });
    await page.waitForFunction(() => !Array.from(document.querySelectorAll("#view mark")).some((m) => m.textContent === "Zelenskyqui"), null, { timeout: 15000 });

    if (errors.length) fail("script errors: " + errors.join("; "));
    if (outside.length) fail("requests outside the server: " + outside.join(", "));
    console.log(`page: ok: ${marks.length} highlights on the right text, ${rows} categories, density ${density}; ${kind} fix "${label.trim()}" applied`);
  } finally {
    await context.close();
  }
})().catch((e) => fail(String(e && e.stack || e)));
