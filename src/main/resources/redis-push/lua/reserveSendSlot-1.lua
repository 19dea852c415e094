-- reserveSendSlot: the provider's rate cap, shared by every instance of a pipeline. Send slots are spaced
-- ARGV[1] ms apart on the Redis clock (a theoretical arrival time, as in GCRA, without burst): each push
-- reserves the next free slot and waits until it comes. A 429 from the provider moves the next slot past its
-- Retry-After, so every instance holds off, not just the one that was told.
-- KEYS[1] next free slot (string: ms on the Redis clock)
-- ARGV[1] interval between sends in ms (1000 / limit per second; may be fractional)
-- ARGV[2] pause in ms (> 0: nobody sends before now + pause; reserves nothing)
-- returns the ms to wait before sending (0: send now)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local next_slot = tonumber(redis.call('GET', KEYS[1]) or '0')
if next_slot < now then
  next_slot = now
end
local pause = tonumber(ARGV[2])
if pause > 0 then
  if now + pause > next_slot then
    next_slot = now + pause
  end
  redis.call('SET', KEYS[1], string.format('%.3f', next_slot), 'PX', math.ceil(next_slot - now) + 1000)
  return 0
end
local after = next_slot + tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.format('%.3f', after), 'PX', math.ceil(after - now) + 1000)
return math.ceil(next_slot - now)
