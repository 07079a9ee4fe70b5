-- wrk script: POST /api/v1/print-runs or /api/v1/adjustments with a bearer token,
-- round-robin over regions.
--
-- Environment (read by every wrk thread):
--   BENCH_TOKEN    access token from POST /api/v1/auth/token (required)
--   BENCH_REGIONS  comma-separated region codes, default "31"
--                  e.g. "31,31.01,31.71,31.72,31.73,31.74,31.75" to spread the writes,
--                  "31" alone for the single-hot-row worst case
--   BENCH_LABEL    a label echoed in the result line (default "run")
--   BENCH_WRITE    "print_runs" (default) or "adjustments"
--   BENCH_DATE     the print runs' date (YYYY-MM-DD; today where the regions are)
--   BENCH_KEYS     "1": an Idempotency-Key of its own on every request
--
-- A print run is {"region": R, "date": D, "printed": 1, "note": "bench"} (the regions are
-- seeded with a million blanks and a million cards owed); an adjustment is {"region": R,
-- "quantity": 1, "reason": "found", "note": "bench"} ("found" only adds blanks). So no
-- request is ever refused and every non-2xx answer is a real failure. The `done` hook sums the per-thread status counters and prints
-- one machine-readable line starting with BENCH_RESULT.

local token = os.getenv("BENCH_TOKEN")
if token == nil or token == "" then
  error("BENCH_TOKEN is not set")
end

local regions = {}
for code in string.gmatch(os.getenv("BENCH_REGIONS") or "31", "([^,%s]+)") do
  table.insert(regions, code)
end
local label = os.getenv("BENCH_LABEL") or "run"

-- Bodies and the header table are built once; request() only picks one.
local write = os.getenv("BENCH_WRITE") or "print_runs"
local day = os.getenv("BENCH_DATE") or os.date("%Y-%m-%d")
local path = write == "adjustments" and "/api/v1/adjustments" or "/api/v1/print-runs"
local bodies = {}
for i, code in ipairs(regions) do
  if write == "adjustments" then
    bodies[i] = string.format(
      '{"region":"%s","quantity":1,"reason":"found","note":"bench"}', code)
  else
    bodies[i] = string.format(
      '{"region":"%s","date":"%s","printed":1,"note":"bench"}', code, day)
  end
end
local headers = {
  ["Content-Type"] = "application/json",
  ["Authorization"] = "Bearer " .. token,
}

local threads = {}

function setup(thread)
  thread:set("offset", #threads)   -- each thread starts at a different region
  table.insert(threads, thread)
end

function init(args)
  counter = offset or 0
  ok2xx = 0
  non2xx = 0
  s4xx = 0
  s5xx = 0
  other = 0
  sample = ""                      -- first non-2xx answer seen by this thread
end

-- BENCH_KEYS=1: every request carries its own Idempotency-Key (as client.py sends them).
local keyed = os.getenv("BENCH_KEYS") == "1"
local run_id = tostring(os.time()) .. "-" .. tostring(math.random(1, 1e9))

function request()
  counter = counter + 1
  local body = bodies[(counter % #bodies) + 1]
  if keyed then
    headers["Idempotency-Key"] = string.format("bench-%s-%d-%d", run_id, offset or 0, counter)
  end
  return wrk.format("POST", path, headers, body)
end

function response(status, resp_headers, body)
  if status >= 200 and status < 300 then
    ok2xx = ok2xx + 1
    return
  end
  non2xx = non2xx + 1
  if status >= 500 then
    s5xx = s5xx + 1
  elseif status >= 400 then
    s4xx = s4xx + 1
  else
    other = other + 1
  end
  if sample == "" then
    sample = tostring(status) .. " " .. string.sub(body or "", 1, 200)
  end
end

function done(summary, latency, requests)
  local t = {ok2xx = 0, non2xx = 0, s4xx = 0, s5xx = 0, other = 0}
  local samples = {}
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do
      t[k] = t[k] + (thread:get(k) or 0)
    end
    local s = thread:get("sample")
    if s ~= nil and s ~= "" then
      table.insert(samples, s)
    end
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  io.write(string.format(
    "BENCH_RESULT label=%s regions=%d requests=%d seconds=%.2f rps=%.1f " ..
    "p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f ok2xx=%d non2xx=%d s4xx=%d s5xx=%d " ..
    "socket_errors=%d wrk_status_errors=%d\n",
    label, #regions, summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    t.ok2xx, t.non2xx, t.s4xx, t.s5xx, socket_errors, e.status))
  for _, s in ipairs(samples) do
    io.write("BENCH_SAMPLE " .. s .. "\n")
  end
end
