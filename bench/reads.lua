-- wrk script: GET /api/v1/stock/{code} with a bearer token, round-robin over regions.
--
-- Environment: BENCH_TOKEN (required), BENCH_REGIONS (comma-separated, default "31"),
-- BENCH_LABEL. Prints one BENCH_RESULT line in the format of writes.lua.

local token = os.getenv("BENCH_TOKEN")
if token == nil or token == "" then
  error("BENCH_TOKEN is not set")
end
local regions = {}
for code in string.gmatch(os.getenv("BENCH_REGIONS") or "31", "([^,%s]+)") do
  table.insert(regions, code)
end
local label = os.getenv("BENCH_LABEL") or "reads"
local headers = {["Authorization"] = "Bearer " .. token}
local threads = {}

function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end

function init(args)
  counter = offset or 0
  ok2xx = 0
  non2xx = 0
end

function request()
  counter = counter + 1
  return wrk.format("GET", "/api/v1/stock/" .. regions[(counter % #regions) + 1], headers)
end

function response(status, resp_headers, body)
  if status >= 200 and status < 300 then ok2xx = ok2xx + 1 else non2xx = non2xx + 1 end
end

function done(summary, latency, requests)
  local ok, bad = 0, 0
  for _, thread in ipairs(threads) do
    ok = ok + (thread:get("ok2xx") or 0)
    bad = bad + (thread:get("non2xx") or 0)
  end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "BENCH_RESULT label=%s regions=%d requests=%d seconds=%.2f rps=%.1f " ..
    "p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f ok2xx=%d non2xx=%d\n",
    label, #regions, summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, ok, bad))
end
