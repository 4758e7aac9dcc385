-- wrk script for the OCSP benchmark: the plain GET of the URL given, without wrk's start-up probe.
-- Plain wrk first connects to the host's address once and closes that connection without sending
-- a request (wrk.resolve in wrk.lua); a child of `openssl ocsp -multi` then spins on it for good,
-- and the responder serves one child short or not at all. Every server in the benchmark is measured
-- through this script, so all are measured alike.
function wrk.resolve(host, service)
  wrk.addrs = wrk.lookup(host, service)
end
