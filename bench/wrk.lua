-- wrk script for `make bench` (bench/bench.py runs it; see the README's "Benchmarks").
--
-- Environment (wrk runs this file once in the main Lua state and once per thread, and every
-- state sees the same environment):
--   BENCH_MODE     "read" (GET the URL's path, as wrk does by itself) or "write"
--   BENCH_OUT      where done() writes its JSON summary (it is printed as well)
--   BENCH_WRITES   write mode: a Lua file returning the program list (bench.py writes it)
--   BENCH_THREADS  write mode: the -t given to wrk, to cut the list into one slice per thread
--   BENCH_TODAY    write mode: the date of every event (today in Japan, YYYY-MM-DD)
--
-- Every response's status is counted (response() below), so a redirect or an error is never
-- hidden among the successes: wrk itself only counts statuses above 399 as errors.

local mode = os.getenv("BENCH_MODE") or "read"

-- Main state: the threads, so that done() can collect their status counts.
local threads = {}

function setup(thread)
   thread:set("thread_index", #threads)
   table.insert(threads, thread)
end

-- Thread states: status code -> number of responses.
statuses = {}

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
end

-- Write mode ---------------------------------------------------------------------------------

-- This thread's programs: { id, version, first_action, active_after_first }.
local slice = {}
-- How many bodies this thread has handed out.
local sent = 0
local today = os.getenv("BENCH_TODAY") or ""

--- Percent-encode a form value.
local function form_encode(s)
   return (string.gsub(s, "[^%w%-%._~]", function(c)
      return string.format("%%%02X", string.byte(c))
   end))
end

--- The action of a program's round `r` (0 = the first body bench.py chose). After the first
--- action the program alternates between a suspension and a resumption, each of which the
--- journey rules always allow from the state the previous one left.
local function action_for(program, r)
   if r == 0 then
      return program[3]
   end
   local active = program[4] == 1
   local odd = (r % 2) == 1
   if active == odd then
      return "exit:suspended"
   end
   return "resumed"
end

function init(args)
   if mode ~= "write" then
      return
   end
   -- One program per line: id, version, first action, 1 if active after it (tab-separated).
   local all = {}
   for line in io.lines(os.getenv("BENCH_WRITES")) do
      local id, version, action, active = line:match("^(%S+)\t(%d+)\t(%S+)\t(%d)$")
      if id then
         table.insert(all, {id, tonumber(version), action, tonumber(active)})
      end
   end
   local nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")
   local index = thread_index or 0
   -- Program i goes to thread (i - 1) % nthreads: each program is written by one thread only.
   for i, program in ipairs(all) do
      if (i - 1) % nthreads == index then
         table.insert(slice, program)
      end
   end
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

--- The next write of this thread. Bodies go round the thread's programs, one round at a time:
--- round r of a program carries its version + r, and its round r - 1 went out #slice requests
--- earlier, long answered when #slice is well above the thread's connections (bench.py checks).
local function next_write()
   local n = #slice
   local program = slice[(sent % n) + 1]
   local round = math.floor(sent / n)
   sent = sent + 1
   local body = "program_id=" .. program[1]
      .. "&version=" .. tostring(program[2] + round)
      .. "&action=" .. form_encode(action_for(program, round))
      .. "&occurred_on=" .. today
      .. "&precision=day"
      .. "&source_url="
      .. "&note=" .. form_encode("make bench")
   return wrk.format("POST", wrk.path, nil, body)
end

if mode == "write" then
   request = next_write
end

-- Summary (main state) -----------------------------------------------------------------------

function done(summary, latency, requests)
   local by_status = {}
   local ok = 0
   local non2xx = 0
   for _, thread in ipairs(threads) do
      local counts = thread:get("statuses") or {}
      for status, count in pairs(counts) do
         local key = tostring(status)
         by_status[key] = (by_status[key] or 0) + count
         if status >= 200 and status < 300 then
            ok = ok + count
         else
            non2xx = non2xx + count
         end
      end
   end
   local seconds = summary.duration / 1e6
   local parts = {}
   local function add(key, value)
      table.insert(parts, string.format("%q: %s", key, value))
   end
   add("requests", string.format("%d", summary.requests))
   add("ok", string.format("%d", ok))
   add("non2xx", string.format("%d", non2xx))
   add("duration_s", string.format("%.3f", seconds))
   add("rps", string.format("%.1f", summary.requests / seconds))
   add("ok_rps", string.format("%.1f", ok / seconds))
   add("bytes", string.format("%d", summary.bytes))
   local errors = {}
   for _, kind in ipairs({ "connect", "read", "write", "status", "timeout" }) do
      table.insert(errors, string.format("%q: %d", kind, summary.errors[kind]))
   end
   add("socket_errors", "{" .. table.concat(errors, ", ") .. "}")
   local statuses_json = {}
   for key, count in pairs(by_status) do
      table.insert(statuses_json, string.format("%q: %d", key, count))
   end
   add("statuses", "{" .. table.concat(statuses_json, ", ") .. "}")
   -- wrk keeps latencies in microseconds.
   add("p50_ms", string.format("%.3f", latency:percentile(50) / 1000))
   add("p95_ms", string.format("%.3f", latency:percentile(95) / 1000))
   add("p99_ms", string.format("%.3f", latency:percentile(99) / 1000))
   add("max_ms", string.format("%.3f", latency.max / 1000))
   add("mean_ms", string.format("%.3f", latency.mean / 1000))
   local json = "{" .. table.concat(parts, ", ") .. "}"
   print("BENCH_JSON " .. json)
   local path = os.getenv("BENCH_OUT")
   if path then
      local f = assert(io.open(path, "w"))
      f:write(json, "\n")
      f:close()
   end
end
