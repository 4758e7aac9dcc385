-- wrk script for the issuance benchmark: POST one fixed JSON body, optionally with a bearer token.
--   BENCH_BODY_FILE  file holding the JSON request body (required)
--   BENCH_TOKEN      bearer token; the Authorization header is left out when empty
local path = os.getenv("BENCH_BODY_FILE")
local f = path and io.open(path, "rb")
if not f then
  error("post.lua: set BENCH_BODY_FILE to a readable file")
end
local body = f:read("*a")
f:close()

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
