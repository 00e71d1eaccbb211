/*
 * The speed floor for eks-presign (benchmark only, never shipped): the same work in plain C
 * with libcrypto -- read credentials from the environment, presign STS GetCallerIdentity with
 * SigV4 (X-Amz-Expires=60, signed headers host;x-k8s-aws-id), base64url the URL and print an
 * ExecCredential. Whatever this costs (mostly process start and loading libcrypto) is the
 * least any implementation can cost; scripts/bench-presign compares eks-presign to it.
 *
 * Build: cc -O2 -o floor_presign floor_presign.c -lcrypto
 * Usage: floor_presign --cluster-name NAME [--region REGION]
 * Regions: the aws partition, cn- (amazonaws.com.cn), and the global endpoint when no region.
 */
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char HEX[] = "0123456789abcdef";

static void hex(const unsigned char *in, size_t n, char *out) {
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = HEX[in[i] >> 4];
        out[2 * i + 1] = HEX[in[i] & 15];
    }
    out[2 * n] = 0;
}

/* RFC 3986 unreserved characters stay, everything else is %XX (uppercase), as SigV4 wants. */
static size_t uri_encode(const char *s, char *out) {
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            out[o++] = (char)c;
        } else {
            out[o++] = '%';
            out[o++] = "0123456789ABCDEF"[c >> 4];
            out[o++] = "0123456789ABCDEF"[c & 15];
        }
    }
    out[o] = 0;
    return o;
}

static void hmac(const unsigned char *key, size_t keylen, const char *msg, unsigned char out[32]) {
    unsigned int len = 32;
    HMAC(EVP_sha256(), key, (int)keylen, (const unsigned char *)msg, strlen(msg), out, &len);
}

static size_t base64url(const unsigned char *in, size_t n, char *out) {
    static const char T[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t o = 0, i = 0;
    for (; i + 2 < n; i += 3) {
        unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
        out[o++] = T[v >> 18 & 63]; out[o++] = T[v >> 12 & 63]; out[o++] = T[v >> 6 & 63]; out[o++] = T[v & 63];
    }
    if (n - i == 1) {
        unsigned v = (unsigned)in[i] << 16;
        out[o++] = T[v >> 18 & 63]; out[o++] = T[v >> 12 & 63];
    } else if (n - i == 2) {
        unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8;
        out[o++] = T[v >> 18 & 63]; out[o++] = T[v >> 12 & 63]; out[o++] = T[v >> 6 & 63];
    }
    out[o] = 0;
    return o;
}

int main(int argc, char **argv) {
    const char *cluster = NULL, *region = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--cluster-name")) cluster = argv[i + 1];
        else if (!strcmp(argv[i], "--region")) region = argv[i + 1];
    }
    const char *akid = getenv("AWS_ACCESS_KEY_ID"), *secret = getenv("AWS_SECRET_ACCESS_KEY");
    const char *token = getenv("AWS_SESSION_TOKEN");
    if (!cluster || !akid || !secret) {
        fprintf(stderr, "floor_presign: need --cluster-name and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY\n");
        return 2;
    }
    if (token && !*token) token = NULL;
    if (strlen(cluster) > 200 || strlen(akid) > 128 || strlen(secret) > 128 || (token && strlen(token) > 4096) ||
        (region && strlen(region) > 64)) {
        fprintf(stderr, "floor_presign: input too long\n");
        return 2;
    }

    char host[128];
    const char *signing_region = region && *region ? region : "us-east-1";
    if (!region || !*region) snprintf(host, sizeof host, "sts.amazonaws.com");
    else snprintf(host, sizeof host, "sts.%s.%s", region, strncmp(region, "cn-", 3) ? "amazonaws.com" : "amazonaws.com.cn");

    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char amz_date[17], date[9];
    strftime(amz_date, sizeof amz_date, "%Y%m%dT%H%M%SZ", &tm);
    strftime(date, sizeof date, "%Y%m%d", &tm);

    char scope[128], credential[300], enc_credential[900], enc_token[3 * 4096 + 1] = "";
    snprintf(scope, sizeof scope, "%s/%s/sts/aws4_request", date, signing_region);
    snprintf(credential, sizeof credential, "%s/%s", akid, scope);
    uri_encode(credential, enc_credential);
    if (token) uri_encode(token, enc_token);

    static char query[16384], canonical[20000], url[20000];
    snprintf(query, sizeof query,
             "Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256"
             "&X-Amz-Credential=%s&X-Amz-Date=%s&X-Amz-Expires=60%s%s&X-Amz-SignedHeaders=host%%3Bx-k8s-aws-id",
             enc_credential, amz_date, token ? "&X-Amz-Security-Token=" : "", enc_token);
    snprintf(canonical, sizeof canonical,
             "GET\n/\n%s\nhost:%s\nx-k8s-aws-id:%s\n\nhost;x-k8s-aws-id\n"
             "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
             query, host, cluster);

    unsigned char digest[32];
    char canonical_hex[65], string_to_sign[512];
    SHA256((const unsigned char *)canonical, strlen(canonical), digest);
    hex(digest, 32, canonical_hex);
    snprintf(string_to_sign, sizeof string_to_sign, "AWS4-HMAC-SHA256\n%s\n%s\n%s", amz_date, scope, canonical_hex);

    char ksecret[140];
    snprintf(ksecret, sizeof ksecret, "AWS4%s", secret);
    unsigned char k[32];
    hmac((const unsigned char *)ksecret, strlen(ksecret), date, k);
    hmac(k, 32, signing_region, k);
    hmac(k, 32, "sts", k);
    hmac(k, 32, "aws4_request", k);
    unsigned char sig[32];
    char sig_hex[65];
    hmac(k, 32, string_to_sign, sig);
    hex(sig, 32, sig_hex);

    /* botocore's URL order: the security token after SignedHeaders, the signature last. */
    int n = snprintf(url, sizeof url,
                     "https://%s/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                     "&X-Amz-Credential=%s&X-Amz-Date=%s&X-Amz-Expires=60&X-Amz-SignedHeaders=host%%3Bx-k8s-aws-id"
                     "%s%s&X-Amz-Signature=%s",
                     host, enc_credential, amz_date, token ? "&X-Amz-Security-Token=" : "", enc_token, sig_hex);
    static char b64[27000];
    base64url((const unsigned char *)url, (size_t)n, b64);

    time_t exp = now + 14 * 60;
    struct tm etm;
    gmtime_r(&exp, &etm);
    char expiration[21];
    strftime(expiration, sizeof expiration, "%Y-%m-%dT%H:%M:%SZ", &etm);
    if (printf("{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1beta1\","
               "\"spec\":{},\"status\":{\"expirationTimestamp\":\"%s\",\"token\":\"k8s-aws-v1.%s\"}}\n",
               expiration, b64) < 0 || fflush(stdout) != 0) {
        fprintf(stderr, "floor_presign: write failed\n");
        return 1;
    }
    return 0;
}
