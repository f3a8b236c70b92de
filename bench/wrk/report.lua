-- Prints one JSON line with throughput and latency percentiles (microseconds) when wrk ends.
-- BENCH_METHOD / BENCH_BODY / BENCH_CONTENT_TYPE turn the requests into POSTs.
local method = os.getenv("BENCH_METHOD")
if method then
  wrk.method = method
  wrk.body = os.getenv("BENCH_BODY") or ""
  wrk.headers["Content-Type"] = os.getenv("BENCH_CONTENT_TYPE") or "application/json"
end

-- BENCH_MISS sends X-Bench-Miss with its value on every request: bench/cachemiss.py makes it
-- miss every cache ("1"), and with "publish" the page tree's kept parts too.
local miss = os.getenv("BENCH_MISS")
if miss then
  wrk.headers["X-Bench-Miss"] = miss
end

local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local codes = {}
  for code, n in pairs(statuses) do table.insert(codes, string.format('"%d": %d', code, n)) end
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "rps": %.1f, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"errors": %d, "statuses": {%s}}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write +
      summary.errors.status + summary.errors.timeout,
    table.concat(codes, ", ")))
end
