-- wrk script for bench.ingest: pre-signed Slack slash commands, each sent once, in order.
--   wrk -t1 -cN -dSs -s bench/ingest.lua URL -- FILE [DELAY_MS]
-- FILE holds one request a line: timestamp <TAB> signature <TAB> form body.
-- DELAY_MS (optional) makes each connection wait that long between requests (the soak).
-- done() prints one line, "wrk-result " and JSON: requests, statuses, acks saying
-- "Logged", and the exact latency percentiles wrk recorded.

local requests = {}
local count = 0
local position = 0
local threads = {}
statuses = {}
logged = 0
repeated = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    local stamp, signature, body = line:match("^(%d+)\t(%S+)\t(.*)$")
    count = count + 1
    requests[count] = wrk.format("POST", "/slack/events", {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["X-Slack-Request-Timestamp"] = stamp,
      ["X-Slack-Signature"] = signature,
    }, body)
  end
  local pause = tonumber(args[2] or "0")
  if pause > 0 then
    function delay() return pause end
  end
end

function request()
  position = position + 1
  if position > count then -- past the end: sent again, so counted as repeats, never lost
    position = 1
    repeated = repeated + 1
  end
  return requests[position]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 200 and body:find("Logged", 1, true) then
    logged = logged + 1
  end
end

function done(summary, latency, requests)
  local codes, acked, laps = {}, 0, 0
  for _, thread in ipairs(threads) do
    for code, n in pairs(thread:get("statuses")) do
      codes[code] = (codes[code] or 0) + n
    end
    acked = acked + thread:get("logged")
    laps = laps + thread:get("repeated")
  end
  local parts = {}
  for code, n in pairs(codes) do
    table.insert(parts, string.format('"%d": %d', code, n))
  end
  local e = summary.errors
  io.write(string.format(
    'wrk-result {"requests": %d, "duration_us": %d, "statuses": {%s}, "logged": %d, ' ..
    '"laps": %d, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, ' ..
    '"timeout": %d}, "latency_us": {"p50": %d, "p90": %d, "p99": %d, "p999": %d, ' ..
    '"max": %d, "mean": %.1f}}\n',
    summary.requests, summary.duration, table.concat(parts, ", "), acked, laps,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max, latency.mean))
end
