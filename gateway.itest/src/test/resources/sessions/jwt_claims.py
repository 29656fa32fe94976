# Verifies a session token with PyJWT (HS256, the rooms' API secret, issuer = the API key) and prints its claims.
import json, sys
import jwt

secret, key, token = sys.argv[1], sys.argv[2], sys.argv[3]
claims = jwt.decode(token, secret, algorithms=["HS256"], issuer=key, options={"require": ["exp", "iss", "sub"]})
try:
    jwt.decode(token, secret + "x", algorithms=["HS256"])
    claims["_wrong_secret"] = "accepted"
except jwt.InvalidSignatureError:
    claims["_wrong_secret"] = "refused"
print(json.dumps(claims))
