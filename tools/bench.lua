-- wrk script for tools/bench.sh: Openlance's single requests with the ceiling's load flags.
-- Environment: MODE = job-read | service-read | me | wallet | top-up | job-search |
-- job-search-best | service-search | place-order | healthz; DATA = the folder
-- `openlance-loadgen prepare` wrote (jobs.txt, services.txt, job-words.txt,
-- service-words.txt, tokens.txt, orders.txt). Each request picks a random id, word and
-- signed-in user, as ../shared/ceiling/ceiling.lua picks a random id or word.
local mode = os.getenv("MODE") or "healthz"
local data = os.getenv("DATA") or "."

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end

local function lines(name)
  local items = {}
  for line in io.lines(data .. "/" .. name) do
    if #line > 0 then items[#items + 1] = line end
  end
  assert(#items > 0, "no lines in " .. data .. "/" .. name)
  return items
end

local function pick(items) return items[math.random(#items)] end

local tokens, items = {}, {}
local files = {
  ["job-read"] = "jobs.txt", ["service-read"] = "services.txt",
  ["job-search"] = "job-words.txt", ["job-search-best"] = "job-words.txt",
  ["service-search"] = "service-words.txt", ["place-order"] = "orders.txt",
}

function init(args)
  math.randomseed(os.time() * 1000 + (tid or 0))
  if mode ~= "healthz" then tokens = lines("tokens.txt") end
  if files[mode] then items = lines(files[mode]) end
end

local function auth(token)
  return { ["Authorization"] = "Bearer " .. (token or pick(tokens)) }
end

local function json_auth(token)
  local h = auth(token)
  h["Content-Type"] = "application/json"
  return h
end

local n = 0
local routes = {
  ["job-read"] = function() return wrk.format("GET", "/api/v1/jobs/" .. pick(items), auth()) end,
  ["service-read"] = function() return wrk.format("GET", "/api/v1/services/" .. pick(items), auth()) end,
  ["me"] = function() return wrk.format("GET", "/api/v1/users/me", auth()) end,
  ["wallet"] = function() return wrk.format("GET", "/api/v1/wallet", auth()) end,
  ["job-search"] = function()
    return wrk.format("GET", "/api/v1/jobs?q=" .. pick(items) .. "&sort=newest&limit=20")
  end,
  ["job-search-best"] = function()
    return wrk.format("GET", "/api/v1/jobs?q=" .. pick(items) .. "&sort=best&limit=20")
  end,
  ["service-search"] = function()
    return wrk.format("GET", "/api/v1/services?q=" .. pick(items) .. "&limit=20")
  end,
  -- "Get now" on a listing that is not the buyer's own (prepare pairs them).
  ["place-order"] = function()
    local token, service = pick(items):match("^(%S+) (%S+)$")
    return wrk.format("POST", "/api/v1/services/" .. service .. "/orders", json_auth(token),
      '{"requirements":"Mornings, please; the details are in the brief."}')
  end,
  -- A fresh Idempotency-Key per request, as a real client retrying safely sends.
  ["top-up"] = function()
    n = n + 1
    local h = json_auth()
    h["Idempotency-Key"] = string.format("bench-%d-%d-%d", os.time(), tid or 0, n)
    return wrk.format("POST", "/api/v1/wallet/top-ups", h,
      '{"amount":{"amount":1000,"currency":"USD"},"paymentMethod":"pm_card_visa"}')
  end,
  ["healthz"] = function() return wrk.format("GET", "/healthz") end,
}
assert(routes[mode], "unknown MODE " .. mode)
request = routes[mode]

-- One machine-readable line, as the ceiling's script prints: req/s p50_ms p99_ms errors requests
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.0f %.3f %.3f %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout, summary.requests))
end
