-- searchDeadLetters: one bounded step of a search of the dead-letter index by key: an HSCAN of about ARGV[3] fields
-- from cursor ARGV[1], keeping those whose key matches the glob ARGV[2]. The caller repeats with the cursor
-- returned, up to a number of steps.
-- KEYS[1] dead-letter index (hash: push key -> its newest entry)
-- ARGV[1] HSCAN cursor ('0' to start)
-- ARGV[2] glob on the push key, e.g. *_1001_*
-- ARGV[3] fields to look at in this step (HSCAN COUNT)
-- returns {next cursor ('0' when the index has been walked), entry, entry...}
local scanned = redis.call('HSCAN', KEYS[1], ARGV[1], 'MATCH', ARGV[2], 'COUNT', ARGV[3])
local answer = {scanned[1]}
for i = 2, #scanned[2], 2 do
  table.insert(answer, scanned[2][i])
end
return answer
