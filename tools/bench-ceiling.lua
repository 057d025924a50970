-- wrk script for tools/bench-ceiling.sh: the same load flags as ../shared/ceiling/measure.sh,
-- pointed at Openlance. Environment: MODE = wallet | top-up; TOKEN = an access token.
local mode = os.getenv("MODE") or "wallet"
local token = os.getenv("TOKEN") or ""
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end

local n = 0
if mode == "wallet" then
  function request()
    return wrk.format("GET", "/api/v1/wallet", { ["Authorization"] = "Bearer " .. token })
  end
elseif mode == "top-up" then
  -- A fresh Idempotency-Key per request, as a real client retrying safely sends.
  function request()
    n = n + 1
    local headers = {
      ["Authorization"] = "Bearer " .. token,
      ["Content-Type"] = "application/json",
      ["Idempotency-Key"] = string.format("bench-%d-%d-%d", os.time(), tid or 0, n),
    }
    return wrk.format("POST", "/api/v1/wallet/top-ups", headers,
      '{"amount":{"amount":1000,"currency":"USD"},"paymentMethod":"pm_card_visa"}')
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.0f %.3f %.3f %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout, summary.requests))
end
