"""aioice's STUN codec on the other side of STUN tests.

  aioice_stun.py request KEY           prints a binding request (hex) with USERNAME, PRIORITY, ICE-CONTROLLING,
                                       USE-CANDIDATE, MESSAGE-INTEGRITY (KEY) and FINGERPRINT
  aioice_stun.py check KEY HEX         parses HEX with integrity KEY; prints "ok <class> <xor-mapped-address>" or
                                       "error <why>"
"""
import sys

from aioice import stun

if sys.argv[1] == "request":
    m = stun.Message(message_method=stun.Method.BINDING, message_class=stun.Class.REQUEST)
    m.attributes["USERNAME"] = "srvUfrag:cliUfrag"
    m.attributes["PRIORITY"] = 1853824767
    m.attributes["ICE-CONTROLLING"] = 0x0102030405060708
    m.attributes["USE-CANDIDATE"] = None
    m.add_message_integrity(sys.argv[2].encode())  # adds FINGERPRINT too
    print(bytes(m).hex())
else:
    try:
        m = stun.parse_message(bytes.fromhex(sys.argv[3]), integrity_key=sys.argv[2].encode())
        print("ok", m.message_class.name, m.attributes.get("XOR-MAPPED-ADDRESS"))
    except ValueError as e:
        print("error", e)
