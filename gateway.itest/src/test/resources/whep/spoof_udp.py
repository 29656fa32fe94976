#!/usr/bin/python3
"""Sends UDP datagrams with a forged source address (an off-path attacker's packets), through a raw IPv4 socket.

Usage: spoof_udp.py SRC_IP:SRC_PORT DST_IP:DST_PORT [--repeat N]   (needs root, or CAP_NET_RAW)

Reads one datagram per line of stdin, in hex, and sends each --repeat times (default 1) as if it came from SRC.
Prints {"sent": count} on stdout. The kernel fills in the IP checksum; the UDP checksum is 0 (none, allowed for IPv4).
"""
import argparse
import json
import socket
import struct
import sys


def address(text):
    host, port = text.rsplit(":", 1)
    return socket.inet_aton(host), int(port)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--repeat", type=int, default=1)
    a = ap.parse_args()
    src, sport = address(a.src)
    dst, dport = address(a.dst)
    payloads = [bytes.fromhex(line.strip()) for line in sys.stdin if line.strip()]
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    sent = 0
    ident = 0
    for _ in range(a.repeat):
        for p in payloads:
            ident = (ident + 1) & 0xFFFF
            udp = struct.pack("!HHHH", sport, dport, 8 + len(p), 0) + p
            ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), ident, 0, 64, socket.IPPROTO_UDP, 0, src, dst)
            s.sendto(ip + udp, (socket.inet_ntoa(dst), 0))
            sent += 1
    s.close()
    print(json.dumps({"sent": sent}), flush=True)


main()
