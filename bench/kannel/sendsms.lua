-- wrk script: drives Kannel smsbox's sendsms HTTP interface (GET /cgi-bin/sendsms).
-- Each request goes to a distinct receiver (+44 7<thread:2><counter:7>), with a short,
-- URL-encoded text. Credentials come from the environment (KANNEL_SENDSMS_USER/PASSWORD).
-- At the end it prints the WRKRESULT line of ../wrk/results.lua.

dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../wrk/results.lua")

local user = os.getenv("KANNEL_SENDSMS_USER") or "bench"
local pass = os.getenv("KANNEL_SENDSMS_PASSWORD") or "bench"
local sender = os.getenv("KANNEL_SENDER") or "MyShop"

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

-- per-thread state (each wrk thread has its own Lua state)
local counter = 0
local prefix

function init(args)
  prefix = "/cgi-bin/sendsms?username=" .. urlencode(user) .. "&password=" .. urlencode(pass)
    .. "&from=" .. urlencode(sender) .. "&to="
end

function request()
  counter = counter + 1
  local to = string.format("+447%02d%07d", tid % 100, counter % 10000000)
  local text = "Your code is " .. string.format("%06d", counter % 1000000)
  return wrk.format("GET", prefix .. urlencode(to) .. "&text=" .. urlencode(text))
end
