-- deadLetterKey: the push key a dead-letter entry names, or nil: an entry that is not JSON, or names no key as a
-- string (an operator's hand-written entry, an older format), is passed over rather than failing the script
local function deadLetterKey(entry)
  local ok, decoded = pcall(cjson.decode, entry)
  local key = ok and type(decoded) == 'table' and decoded['key'] or nil
  if type(key) ~= 'string' then
    return nil
  end
  return key
end
