-- wrk script of the newsroom scenario (`make bench`, news/management/commands/_bench_mix.py).
--
-- BENCH_MIX names a file of "weight<TAB>path" lines. Each request draws a path with its weight
-- (a binary search over the cumulative weights). Each answer is counted by status and by the
-- page cache's marker (an X-Cache header saying HIT or MISS; answers without one count as
-- "none"). done() prints one line "BENCH_RESULT {json}" with wrk's own figures beside them.

local paths, cumulative, total = {}, {}, 0
do
  local file = assert(io.open(os.getenv("BENCH_MIX"), "r"))
  for line in file:lines() do
    local weight, path = line:match("^([^\t]+)\t(.+)$")
    if weight then
      total = total + tonumber(weight)
      paths[#paths + 1] = path
      cumulative[#cumulative + 1] = total
    end
  end
  file:close()
end

local threads = {}

function setup(thread)
  thread:set("number", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  math.randomseed(tonumber(os.getenv("BENCH_SEED") or "2021") * 1000 + number)
  hits, misses, unmarked = 0, 0, 0
  statuses = {}
end

function request()
  local target = math.random() * total
  local low, high = 1, #cumulative
  while low < high do
    local middle = math.floor((low + high) / 2)
    if cumulative[middle] < target then low = middle + 1 else high = middle end
  end
  return wrk.format("GET", paths[low])
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  local marker
  for name, value in pairs(headers) do
    local lower = name:lower()
    if lower == "x-cache" or lower == "x-cache-status" or lower == "x-warta-cache" then
      marker = value:upper()
    end
  end
  if marker and marker:find("HIT", 1, true) then
    hits = hits + 1
  elseif marker and marker:find("MISS", 1, true) then
    misses = misses + 1
  else
    unmarked = unmarked + 1
  end
end

function done(summary, latency, requests)
  local all = {hits = 0, misses = 0, unmarked = 0}
  local codes = {}
  for _, thread in ipairs(threads) do
    all.hits = all.hits + thread:get("hits")
    all.misses = all.misses + thread:get("misses")
    all.unmarked = all.unmarked + thread:get("unmarked")
    for code, count in pairs(thread:get("statuses")) do
      codes[code] = (codes[code] or 0) + count
    end
  end
  local parts = {}
  for code, count in pairs(codes) do
    parts[#parts + 1] = string.format('"%s": %d', code, count)
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, ' ..
    '"read_errors": %d, "write_errors": %d, "status_errors": %d, "timeouts": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f, ' ..
    '"hits": %d, "misses": %d, "unmarked": %d, "statuses": {%s}, "paths": %d}\n',
    summary.requests, summary.duration, summary.bytes, errors.connect, errors.read, errors.write,
    errors.status, errors.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean, all.hits, all.misses, all.unmarked,
    table.concat(parts, ", "), #paths))
end
