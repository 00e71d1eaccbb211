#ifndef EKSPIPE_CCURL_SHIM_H
#define EKSPIPE_CCURL_SHIM_H
#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

/* libcurl is opened with dlopen on the first request, not linked: a program that links it
   loads about 30 shared libraries at start (TLS, HTTP/2, SSH, LDAP, Kerberos, IDN, ...), 6-7 ms
   on every run, and creds-resolve usually needs no network at all (an `ekspipe auth exec`
   session or kubectl's eks-presign served from the credential cache). Swift calls only the
   ekspipe_curl_* functions below; curl.h is read for its types and constants only. */

struct ekspipe_curl_api {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_cleanup)(CURLM *);
    CURLMcode (*multi_add_handle)(CURLM *, CURL *);
    CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
    CURLMcode (*multi_perform)(CURLM *, int *);
    CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd *, unsigned int, int, int *);
    CURLMsg *(*multi_info_read)(CURLM *, int *);
    const char *(*multi_strerror)(CURLMcode);
    CURLMcode (*multi_setopt)(CURLM *, CURLMoption, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    /* NULL when every symbol was found, else why not (dlerror's words). */
    const char *error;
};

/* Each Swift object file that calls these gets its own copy of the static state (static inline
   functions have internal linkage); pthread_once makes each copy's load thread-safe, and dlopen
   of an open library only returns the same handle. */
static inline struct ekspipe_curl_api *ekspipe_curl_api_storage(void) {
    static struct ekspipe_curl_api api;
    return &api;
}

static inline void ekspipe_curl_load_once(void) {
    struct ekspipe_curl_api *a = ekspipe_curl_api_storage();
    void *h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!h) { a->error = dlerror(); if (!a->error) a->error = "dlopen failed"; return; }
#define EKSPIPE_CURL_SYM(field, name) \
    if (!(*(void **)(&a->field) = dlsym(h, name))) { a->error = "a libcurl function is missing: " name; return; }
    EKSPIPE_CURL_SYM(global_init, "curl_global_init")
    EKSPIPE_CURL_SYM(easy_init, "curl_easy_init")
    EKSPIPE_CURL_SYM(easy_cleanup, "curl_easy_cleanup")
    EKSPIPE_CURL_SYM(easy_strerror, "curl_easy_strerror")
    EKSPIPE_CURL_SYM(easy_setopt, "curl_easy_setopt")
    EKSPIPE_CURL_SYM(easy_getinfo, "curl_easy_getinfo")
    EKSPIPE_CURL_SYM(multi_init, "curl_multi_init")
    EKSPIPE_CURL_SYM(multi_cleanup, "curl_multi_cleanup")
    EKSPIPE_CURL_SYM(multi_add_handle, "curl_multi_add_handle")
    EKSPIPE_CURL_SYM(multi_remove_handle, "curl_multi_remove_handle")
    EKSPIPE_CURL_SYM(multi_perform, "curl_multi_perform")
    EKSPIPE_CURL_SYM(multi_poll, "curl_multi_poll")
    EKSPIPE_CURL_SYM(multi_info_read, "curl_multi_info_read")
    EKSPIPE_CURL_SYM(multi_strerror, "curl_multi_strerror")
    EKSPIPE_CURL_SYM(multi_setopt, "curl_multi_setopt")
    EKSPIPE_CURL_SYM(slist_append, "curl_slist_append")
    EKSPIPE_CURL_SYM(slist_free_all, "curl_slist_free_all")
#undef EKSPIPE_CURL_SYM
}

/* The loaded functions, or NULL when libcurl could not be loaded (ekspipe_curl_load_error). */
static inline const struct ekspipe_curl_api *ekspipe_curl(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, ekspipe_curl_load_once);
    struct ekspipe_curl_api *a = ekspipe_curl_api_storage();
    return a->error ? NULL : a;
}

/* Why libcurl could not be loaded, or NULL when it was. */
static inline const char *ekspipe_curl_load_error(void) {
    return ekspipe_curl() ? NULL : ekspipe_curl_api_storage()->error;
}

static inline CURLcode ekspipe_curl_global_init(long flags) {
    const struct ekspipe_curl_api *a = ekspipe_curl(); return a ? a->global_init(flags) : CURLE_FAILED_INIT;
}
static inline CURL *ekspipe_curl_easy_init(void) { const struct ekspipe_curl_api *a = ekspipe_curl(); return a ? a->easy_init() : NULL; }
static inline void ekspipe_curl_easy_cleanup(CURL *h) { const struct ekspipe_curl_api *a = ekspipe_curl(); if (a) a->easy_cleanup(h); }
static inline const char *ekspipe_curl_easy_strerror(CURLcode c) {
    const struct ekspipe_curl_api *a = ekspipe_curl(); return a ? a->easy_strerror(c) : "libcurl is not loaded";
}
static inline CURLM *ekspipe_curl_multi_init(void) { const struct ekspipe_curl_api *a = ekspipe_curl(); return a ? a->multi_init() : NULL; }
static inline CURLMcode ekspipe_curl_multi_cleanup(CURLM *m) {
    const struct ekspipe_curl_api *a = ekspipe_curl(); return a ? a->multi_cleanup(m) : CURLM_INTERNAL_ERROR;
}
static inline CURLMcode ekspipe_curl_multi_add_handle(CURLM *m, CURL *h) {
    const struct ekspipe_curl_api *a = ekspipe_curl(); return a ? a->multi_add_handle(m, h) : CURLM_INTERNAL_ERROR;
}
static inline CURLMcode ekspipe_curl_multi_remove_handle(CURLM *m, CURL *h) {
    const struct ekspipe_curl_api *a = ekspipe_curl(); return a ? a->multi_remove_handle(m, h) : CURLM_INTERNAL_ERROR;
}
static inline CURLMcode ekspipe_curl_multi_perform(CURLM *m, int *running) {
    const struct ekspipe_curl_api *a = ekspipe_curl(); return a ? a->multi_perform(m, running) : CURLM_INTERNAL_ERROR;
}
static inline CURLMcode ekspipe_curl_multi_poll(CURLM *m, struct curl_waitfd *fds, unsigned int n, int timeout_ms, int *ret) {
    const struct ekspipe_curl_api *a = ekspipe_curl(); return a ? a->multi_poll(m, fds, n, timeout_ms, ret) : CURLM_INTERNAL_ERROR;
}
static inline CURLMsg *ekspipe_curl_multi_info_read(CURLM *m, int *left) {
    const struct ekspipe_curl_api *a = ekspipe_curl(); return a ? a->multi_info_read(m, left) : NULL;
}
static inline const char *ekspipe_curl_multi_strerror(CURLMcode c) {
    const struct ekspipe_curl_api *a = ekspipe_curl(); return a ? a->multi_strerror(c) : "libcurl is not loaded";
}
static inline struct curl_slist *ekspipe_curl_slist_append(struct curl_slist *l, const char *s) {
    const struct ekspipe_curl_api *a = ekspipe_curl(); return a ? a->slist_append(l, s) : NULL;
}
static inline void ekspipe_curl_slist_free_all(struct curl_slist *l) { const struct ekspipe_curl_api *a = ekspipe_curl(); if (a) a->slist_free_all(l); }

/* curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are variadic: Swift cannot call
   them, so each argument type gets a typed wrapper. */
#define EKSPIPE_CURL_CALL(fn, fail, ...) do { const struct ekspipe_curl_api *a = ekspipe_curl(); return a ? a->fn(__VA_ARGS__) : (fail); } while (0)
static inline CURLcode ekspipe_curl_easy_setopt_long(CURL *h, CURLoption o, long v) { EKSPIPE_CURL_CALL(easy_setopt, CURLE_FAILED_INIT, h, o, v); }
static inline CURLcode ekspipe_curl_easy_setopt_string(CURL *h, CURLoption o, const char *v) { EKSPIPE_CURL_CALL(easy_setopt, CURLE_FAILED_INIT, h, o, v); }
static inline CURLcode ekspipe_curl_easy_setopt_pointer(CURL *h, CURLoption o, void *v) { EKSPIPE_CURL_CALL(easy_setopt, CURLE_FAILED_INIT, h, o, v); }
static inline CURLcode ekspipe_curl_easy_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { EKSPIPE_CURL_CALL(easy_setopt, CURLE_FAILED_INIT, h, o, v); }
static inline CURLcode ekspipe_curl_easy_setopt_offset(CURL *h, CURLoption o, curl_off_t v) { EKSPIPE_CURL_CALL(easy_setopt, CURLE_FAILED_INIT, h, o, v); }
typedef size_t (*ekspipe_curl_write_cb)(char *, size_t, size_t, void *);
static inline CURLcode ekspipe_curl_easy_setopt_writefn(CURL *h, CURLoption o, ekspipe_curl_write_cb v) { EKSPIPE_CURL_CALL(easy_setopt, CURLE_FAILED_INIT, h, o, v); }
static inline CURLcode ekspipe_curl_easy_getinfo_long(CURL *h, CURLINFO i, long *v) { EKSPIPE_CURL_CALL(easy_getinfo, CURLE_FAILED_INIT, h, i, v); }
static inline CURLcode ekspipe_curl_easy_getinfo_double(CURL *h, CURLINFO i, double *v) { EKSPIPE_CURL_CALL(easy_getinfo, CURLE_FAILED_INIT, h, i, v); }
static inline CURLcode ekspipe_curl_easy_getinfo_pointer(CURL *h, CURLINFO i, void **v) { EKSPIPE_CURL_CALL(easy_getinfo, CURLE_FAILED_INIT, h, i, v); }
static inline CURLMcode ekspipe_curl_multi_setopt_long(CURLM *m, CURLMoption o, long v) { EKSPIPE_CURL_CALL(multi_setopt, CURLM_INTERNAL_ERROR, m, o, v); }
#undef EKSPIPE_CURL_CALL

#endif
