-- wrk script for the EST benchmark: POST one fixed base64 PKCS#10 body to simpleenroll with HTTP
-- Basic credentials, as a device does (RFC 7030 section 4.2.1).
--   BENCH_BODY_FILE      file holding the base64 CSR (required)
--   BENCH_AUTHORIZATION  the Authorization header's value, "Basic <base64 of user:password>"
--   BENCH_CLOSE          "1": one request per TLS connection, as a device that enrols once
local path = os.getenv("BENCH_BODY_FILE")
local f = path and io.open(path, "rb")
if not f then
  error("est.lua: set BENCH_BODY_FILE to a readable file")
end
local body = f:read("*a")
f:close()
local authorization = os.getenv("BENCH_AUTHORIZATION")
if not authorization or authorization == "" then
  error("est.lua: set BENCH_AUTHORIZATION")
end

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/pkcs10"
wrk.headers["Authorization"] = authorization
if os.getenv("BENCH_CLOSE") == "1" then
  wrk.headers["Connection"] = "close"
end
