"""A bounded loopback load test of `transaudit server`.

Usage: load.py URL PID [CONCURRENCY] [ROUNDS]

Each round sends CONCURRENCY requests at once (one connection each) to
/v2/check, invented articles of 1 to 6 KB. Every request must be answered
200 with its matches (none lost, none refused); the server's resident
memory (from /proc/PID/status) after the last round must stay within 15 MB
of the first round's. Prints the figures BENCHMARKS.md quotes.
"""

import asyncio
import sys
import time

import aiohttp

url, pid = sys.argv[1], int(sys.argv[2])
concurrency = int(sys.argv[3]) if len(sys.argv) > 3 else 400
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 5

PARAGRAPH = (
    "Le ministre a déclaré hier à Kyiv.Zelenskyqui a répondu que la route "
    "fait 55 miles et que 200,000 personnes attendent. Café, élève, 😀.\r\n"
)


def rss_kb():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


async def one(session, i, latencies):
    text = PARAGRAPH * (8 + i % 40)
    t = time.perf_counter()
    async with session.post(url + "v2/check", data={"language": "fr", "text": text}) as r:
        body = await r.json(content_type=None) if r.status == 200 else await r.text()
        latencies.append(time.perf_counter() - t)
        if r.status != 200:
            return f"status {r.status}: {body}"
        if len(body["matches"]) < 3:
            return f"only {len(body['matches'])} matches"
        return None


async def main():
    conn = aiohttp.TCPConnector(limit=0, force_close=True)
    timeout = aiohttp.ClientTimeout(total=120)
    rss = []
    idle = rss_kb()
    all_latencies = []
    total_time = 0.0
    async with aiohttp.ClientSession(connector=conn, timeout=timeout) as s:
        for r in range(rounds):
            latencies = []
            t = time.perf_counter()
            results = await asyncio.gather(
                *(one(s, i, latencies) for i in range(concurrency)), return_exceptions=True
            )
            dt = time.perf_counter() - t
            total_time += dt
            errors = [x for x in results if x is not None]
            if errors:
                print(f"load: FAIL round {r + 1}: {len(errors)} of {concurrency} failed, e.g. {errors[0]!r}")
                sys.exit(1)
            rss.append(rss_kb())
            all_latencies += latencies
            print(f"  round {r + 1}: {concurrency} requests in {dt:.2f} s, all 200; server RSS {rss[-1] / 1024:.1f} MB")
    all_latencies.sort()
    n = len(all_latencies)
    p = lambda q: all_latencies[min(n - 1, int(q * n))] * 1000
    growth = (rss[-1] - rss[0]) / 1024
    print(
        f"load: ok: {n} requests ({concurrency} concurrent x {rounds} rounds), 0 lost, "
        f"{n / total_time:.0f} req/s, latency p50 {p(0.5):.0f} ms, p95 {p(0.95):.0f} ms, max {p(1):.0f} ms; "
        f"RSS {idle / 1024:.1f} MB idle, {rss[0] / 1024:.1f} MB after round 1, {rss[-1] / 1024:.1f} MB after round {rounds} ({growth:+.1f} MB)"
    )
    if growth > 15:
        print("load: FAIL: memory grew by more than 15 MB between rounds")
        sys.exit(1)


asyncio.run(main())
