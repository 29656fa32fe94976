"""libsrtp (through pylibsrtp) on the other side of SRTP tests: reads a JSON job on stdin, answers JSON on stdout.

Job: {"profile": "AES_CM_128_HMAC_SHA1_80" | "AEAD_AES_128_GCM", "key": hex(master key + master salt),
      "protect_rtp": [hex...], "protect_rtcp": [hex...], "unprotect_rtp": [hex...], "unprotect_rtcp": [hex...]}
Answer: the same keys with the results (hex, or "error: ..." per packet).
"""
import json
import sys

import pylibsrtp

PROFILES = {
    "AES_CM_128_HMAC_SHA1_80": pylibsrtp.Policy.SRTP_PROFILE_AES128_CM_SHA1_80,
    "AEAD_AES_128_GCM": pylibsrtp.Policy.SRTP_PROFILE_AEAD_AES_128_GCM,
}


def session(job, direction):
    policy = pylibsrtp.Policy(key=bytes.fromhex(job["key"]), ssrc_type=direction, srtp_profile=PROFILES[job["profile"]])
    return pylibsrtp.Session(policy)


def run(fn, packets):
    out = []
    for p in packets:
        try:
            out.append(fn(bytes.fromhex(p)).hex())
        except Exception as e:  # a refused packet is an answer too
            out.append("error: %s" % e)
    return out


job = json.load(sys.stdin)
tx = session(job, pylibsrtp.Policy.SSRC_ANY_OUTBOUND)
rx = session(job, pylibsrtp.Policy.SSRC_ANY_INBOUND)
print(json.dumps({
    "protect_rtp": run(tx.protect, job.get("protect_rtp", [])),
    "protect_rtcp": run(tx.protect_rtcp, job.get("protect_rtcp", [])),
    "unprotect_rtp": run(rx.unprotect, job.get("unprotect_rtp", [])),
    "unprotect_rtcp": run(rx.unprotect_rtcp, job.get("unprotect_rtcp", [])),
}))
