--- @include "includes/now"
--- @include "includes/leaseOrDrop"
-- claimBatch: the claim loop of claim-5.lua and cluster/claim-5.lua. Moves up to max of the oldest keys from the
-- push queue to the temp queue (RPOPLPUSH, one at a time, so a crash between two leaves each key either queued or
-- claimed) and leases each (leaseOrDrop); answer(key, attempt) adds what the script returns for the key, the one
-- thing the layouts do differently (the single layout reads the value too). It stops at an empty queue.
-- q: the keys {push, temp, leases, tokens, attempts}; the i-th key claimed (from 1) is leased with token tokenPrefix..':'..i
local function claimBatch(q, tokenPrefix, leaseTimeout, max, answer)
  local now, deadline
  for i = 1, max do
    local key = redis.call('RPOPLPUSH', q.push, q.temp)
    if not key then
      break
    end
    if not now then
      now = redisNowMs()
      deadline = string.format('%.0f', now + leaseTimeout)
    end
    answer(key, leaseOrDrop(q, key, tokenPrefix .. ':' .. i, now, deadline))
  end
end
