#!/usr/bin/env python3
# Usage: python3 scripts/feedback-burst.py URL EVENTS THREADS   (URL: the gateway or a replica of `scripts/cluster.sh up`,
# started with EMOTUNE_REPLICA_ARGS="--Web:RequestsPer10Seconds=100000" so the per-client API limit does not refuse the burst).
# Feedback burst through the gateway: register one account, then N POST /api/v1/feedback from T threads; rate and loss.
import json, sys, time, threading, urllib.request, http.cookiejar
base, n, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
def req(method, path, body=None):
    r = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                               headers={"Content-Type": "application/json", "Origin": base, "X-EmoTune": "1"})
    with opener.open(r, timeout=30) as resp: return resp.status, resp.read()
user = "burst%d" % int(time.time())
req("POST", "/api/v1/account/register", {"userName": user, "password": "correct horse battery"})
_, body = req("GET", "/api/v1/recommendations?emotion=happy&strategy=match&count=20")
items = json.loads(body); items = items.get("tracks", items.get("items", items)) if isinstance(items, dict) else items
ids = [t["track"]["id"] if "track" in t else t["id"] for t in items]
lat, errors, lock = [], [], threading.Lock()
def work(k):
    for i in range(k, n, threads):
        t = time.perf_counter()
        try:
            s, _ = req("POST", "/api/v1/feedback", {"trackId": ids[i % len(ids)], "emotion": "happy", "strategy": "match", "kind": "like" if i % 2 else "skip"})
            ok = s == 204
        except Exception as e:
            ok = False; s = str(e)
        with lock:
            lat.append((time.perf_counter() - t) * 1000)
            if not ok: errors.append(s)
start = time.perf_counter()
ts = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
[t.start() for t in ts]; [t.join() for t in ts]
wall = time.perf_counter() - start
_, export = req("GET", "/api/v1/me/data")
stored = len(json.loads(export)["data"]["feedback"])
lat.sort()
print(json.dumps({"events": n, "threads": threads, "seconds": round(wall, 2), "per_second": round(n / wall, 1),
                  "p50_ms": round(lat[len(lat)//2], 1), "p99_ms": round(lat[int(len(lat)*0.99)], 1), "errors": len(errors), "stored": stored,
                  "first_error": errors[0] if errors else None}))
