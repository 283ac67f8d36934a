-- tests/chaos/traffic.lua: the mixed traffic of chaos scenario 1, driven by wrk (one connection
-- per thread, so each thread is one lane whose requests go one after another and each answer
-- belongs to the request before it). Run by tests/chaos/lib.mjs wrkTraffic:
--   CHAOS_WRK_CONFIG=FILE CHAOS_WRK_OUT=FILE wrk -t N -c N -d S -s tests/chaos/traffic.lua URL
-- The config file holds key=value lines:
--   mode      mixed: 40 % GET /jobs, 30 % GET /students?major_id=, 30 % PUT
--             /students/{id}/employment (each write with a unique mark and Idempotency-Key,
--             destinations 10 and 80 alternating per student; a write that fails with no answer,
--             503, or 409 for a key still held is sent again after 100 ms, up to `retries`
--             times); flip: every request a write of the lane's one student, no key, no retry
--   base      the API's path (/api/v1);  token  a bearer token;  t0  the start, epoch ms
--   prefix, runkey  make the marks and keys of this run unique;  retries  see mode
--   reads     major ids for GET /students;  lane.<n>  the student ids lane n writes
-- done() writes to CHAOS_WRK_OUT, one record a line, tab-separated:
--   summary  duration_us requests bytes connect read write status timeout  (wrk's own counts)
--   latency  min_us mean_us p50_us p99_us max_us
--   count    op kind n        (kind: "200", "503 unavailable", "no answer", …)
--   second   s n              (answers completed in second s after t0)
--   write    lane student mark code final attempts replayed applied_lost last
--            (final: the status the write ended with, "-" while it was still being sent or
--            retried when the run ended; last: the status of its last attempt, "-" if none)

local cfg = {}
for line in io.lines(os.getenv("CHAOS_WRK_CONFIG")) do
  local k, v = line:match("^([%w._]+)=(.*)$")
  if k then cfg[k] = v end
end

local function numbers(s)
  local t = {}
  for x in (s or ""):gmatch("%d+") do t[#t + 1] = tonumber(x) end
  return t
end

-- Wall-clock milliseconds (os.time has whole seconds only).
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_usec; } chaos_timeval;
int gettimeofday(chaos_timeval *tv, void *tz);
]]
local tv = ffi.new("chaos_timeval")
local function now_ms()
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) * 1000 + tonumber(tv.tv_usec) / 1000
end

local BASE = cfg.base or "/api/v1"
local T0 = tonumber(cfg.t0) or now_ms()
local RETRIES = tonumber(cfg.retries) or 0
local EMPLOYER = "混沌测试单位有限公司"

-- The body lib.mjs employmentBody makes: the mark where the history keeps it.
local function employment(code, mark)
  if code == "10" then
    return '{"destination_code":"10","employer_name":"' .. EMPLOYER .. '","credit_code":"91350100M000100Y43",'
      .. '"industry_code":"I","region_code":"320102","unit_nature_code":"39","job_title":"' .. mark
      .. '","salary":8000}'
  end
  return '{"destination_code":"80","school":"' .. mark .. '"}'
end

-- "200", "503 unavailable" (status and the envelope's code), "500 non-json", "no answer".
local function kind_of(status, body)
  if status == 0 then return "no answer" end
  if status >= 200 and status < 300 then return tostring(status) end
  local code = body and body:find('"error"%s*:%s*{') and body:match('"code"%s*:%s*"([^"]*)"')
  return code and (status .. " " .. code) or (status .. " non-json")
end

-- The main environment: numbers the threads (lanes) and collects them in done().
local threads = {}
function setup(thread)
  thread:set("lane", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  mine = numbers(cfg["lane." .. lane])
  reads = numbers(cfg.reads)
  counts, seconds, wlog = {}, {}, {}
  made = 0      -- requests made by this lane, retries not counted
  cursor = 0    -- the next of mine to write
  sent = {}     -- student id -> writes sent to it (their destinations alternate)
  seq = 0
  inflight = nil -- {op, w}: the request sent, awaiting its answer
  retry = nil    -- a write to send again
  -- wrk calls request() of its first thread once before the run to look at the request it
  -- makes; that one is never sent. It gets a request of its own that is counted nowhere.
  probe = lane == 0
end

local function counted(op, kind)
  local k = op .. "\t" .. kind
  counts[k] = (counts[k] or 0) + 1
  local s = math.floor((now_ms() - T0) / 1000)
  seconds[s] = (seconds[s] or 0) + 1
end

local function logged(w, final, replayed, lost, last)
  wlog[w.n] = table.concat({ w.sid, w.mark, w.code, final, w.attempts, replayed and 1 or 0, lost and 1 or 0, last }, "\t")
end

-- A write's answer (status 0: none); sets `retry` when it is to be sent again.
local function settle(w, status, headers, body)
  local lost = status == 409 and body ~= nil and body:find('"field"%s*:%s*"Idempotency%-Key"') ~= nil
    and body:find("already applied", 1, true) ~= nil
  local good = status >= 200 and status < 300
  if not good and w.key and w.attempts <= RETRIES
      and (status == 0 or status == 503 or (status == 409 and not lost)) then
    retry = w
    logged(w, "-", false, false, status)
    return
  end
  local replayed = false
  for k, v in pairs(headers or {}) do
    if k:lower() == "idempotent-replayed" and v == "true" then replayed = true end
  end
  logged(w, status, replayed, lost, status)
end

local function write_request(w)
  w.attempts = w.attempts + 1
  local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. cfg.token }
  if w.key then headers["Idempotency-Key"] = w.key end
  inflight = { op = "PUT employment", w = w }
  return wrk.format("PUT", BASE .. "/students/" .. w.sid .. "/employment", headers, employment(w.code, w.mark))
end

local function new_write(sid, code, mark, key)
  local w = { sid = sid, code = code, mark = mark, key = key, attempts = 0, n = #wlog + 1 }
  logged(w, "-", false, false, "-")
  return w
end

function request()
  if probe then
    probe = false
    inflight = { op = "probe" }
    return wrk.format("GET", BASE .. "/health", { Accept = "application/json" })
  end
  if inflight and inflight.op ~= "probe" then
    -- wrk asks for the next request of this connection without an answer to the last: the
    -- connection was cut (wrk reconnects).
    counted(inflight.op, "no answer")
    if inflight.w and inflight.w.n > 0 then settle(inflight.w, 0, nil, nil) end
  end
  inflight = nil
  if retry then
    local w = retry
    retry = nil
    return write_request(w)
  end
  local i = made
  made = made + 1
  if cfg.mode == "flip" then
    local code = (i + lane) % 2 == 1 and "10" or "80"
    return write_request({ sid = mine[1], code = code, mark = "base-" .. lane .. "-" .. i, attempts = 0, n = 0 })
  end
  local r = i % 10
  if r < 4 then
    local q = i % 3 == 0 and ("?page=" .. (1 + i % 5)) or i % 3 == 1 and "?city=%E5%8D%97%E4%BA%AC" or ""
    inflight = { op = "GET /jobs" }
    return wrk.format("GET", BASE .. "/jobs" .. q, { Accept = "application/json" })
  end
  if r < 7 or #mine == 0 then
    local m = reads[i % #reads + 1]
    inflight = { op = "GET /students" }
    return wrk.format("GET", BASE .. "/students?major_id=" .. m .. "&page=" .. (1 + i % 3),
      { Accept = "application/json", Authorization = "Bearer " .. cfg.token })
  end
  local sid = mine[cursor % #mine + 1]
  cursor = cursor + 1
  local n = sent[sid] or 0
  sent[sid] = n + 1
  seq = seq + 1
  local mark = cfg.prefix .. "#" .. lane .. "." .. seq
  return write_request(new_write(sid, n % 2 == 1 and "80" or "10", mark,
    cfg.prefix .. "." .. lane .. "." .. seq .. "." .. cfg.runkey))
end

function delay()
  return retry and 100 or 0
end

function response(status, headers, body)
  local f = inflight
  inflight = nil
  if not f or f.op == "probe" then return end
  counted(f.op, kind_of(status, body))
  if f.w and f.w.n > 0 then settle(f.w, status, headers, body) end
end

function done(summary, latency, requests)
  local out = assert(io.open(os.getenv("CHAOS_WRK_OUT"), "w"))
  local e = summary.errors
  out:write(string.format("summary\t%.0f\t%.0f\t%.0f\t%d\t%d\t%d\t%d\t%d\n", summary.duration, summary.requests,
    summary.bytes, e.connect, e.read, e.write, e.status, e.timeout))
  out:write(string.format("latency\t%.0f\t%.0f\t%.0f\t%.0f\t%.0f\n", latency.min, latency.mean,
    latency:percentile(50), latency:percentile(99), latency.max))
  for _, t in ipairs(threads) do
    local lane = t:get("lane")
    for k, n in pairs(t:get("counts") or {}) do out:write(string.format("count\t%s\t%d\n", k, n)) end
    for s, n in pairs(t:get("seconds") or {}) do out:write(string.format("second\t%d\t%d\n", s, n)) end
    for _, l in ipairs(t:get("wlog") or {}) do out:write("write\t" .. lane .. "\t" .. l .. "\n") end
  end
  out:close()
end
