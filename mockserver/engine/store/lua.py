"""The Lua scripts the Redis backend runs; each runs atomically inside Redis."""

from __future__ import annotations

# KEYS: a sorted set of record keys, the records hash -> flat [key, body, key, body, ...].
ORDERED = """
local keys = redis.call('ZRANGE', KEYS[1], 0, -1)
local out = {}
for i = 1, #keys, 1000 do
  local chunk = {}
  for j = i, math.min(i + 999, #keys) do chunk[#chunk + 1] = keys[j] end
  local bodies = redis.call('HMGET', KEYS[2], unpack(chunk))
  for j = 1, #chunk do
    out[#out + 1] = chunk[j]
    out[#out + 1] = bodies[j]
  end
end
return out
"""

# KEYS: sequences hash, records hash; ARGV: resource -> the next free id, handed out.
ALLOCATE = """
local n = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '1')
while redis.call('HEXISTS', KEYS[2], string.format('%d', n)) == 1 do n = n + 1 end
redis.call('HSET', KEYS[1], ARGV[1], string.format('%d', n + 1))
return n
"""

# KEYS: lock; ARGV: token.
UNLOCK = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""

# KEYS: lock, meta hash. ARGV: token, number of writes, then per write: records hash, order
# set, key, body ('' deletes), n index sets to leave, m index sets to join, those n + m sets.
# Applies every write or none (0 when the lock is no longer ours), bumps the version, unlocks.
# The token '' writes without the lock (new keys only) and leaves the lock alone.
COMMIT = """
local locked = ARGV[1] ~= ''
if locked and redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local i = 3
for _ = 1, tonumber(ARGV[2]) do
  local rec, ord, key, body = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local gone, new = tonumber(ARGV[i + 4]), tonumber(ARGV[i + 5])
  i = i + 6
  for _ = 1, gone do
    redis.call('ZREM', ARGV[i], key)
    i = i + 1
  end
  if body == '' then
    redis.call('HDEL', rec, key)
    redis.call('ZREM', ord, key)
  else
    redis.call('HSET', rec, key, body)
    local pos = redis.call('ZSCORE', ord, key)
    if not pos then
      pos = redis.call('HINCRBY', KEYS[2], 'ord', 1)
      redis.call('ZADD', ord, pos, key)
    end
    for _ = 1, new do
      redis.call('ZADD', ARGV[i], pos, key)
      i = i + 1
    end
  end
end
redis.call('HINCRBY', KEYS[2], 'version', 1)
if locked then redis.call('DEL', KEYS[1]) end
return 1
"""

SCRIPTS = {"ordered": ORDERED, "allocate": ALLOCATE, "unlock": UNLOCK, "commit": COMMIT}
