-- isPushKey: whether a key is one of the producers' push keys, <prefix>_<uid>_<6 digits>: only those are requeued
-- or have their value deleted by a dead-letter operation, so an entry naming any other key cannot touch it
local function isPushKey(key, prefix)
  return string.sub(key, 1, #prefix + 1) == prefix .. '_'
      and string.match(string.sub(key, #prefix + 2), '^[^_]+_%d%d%d%d%d%d$') ~= nil
end
