#ifndef EKSPIPE_CXML2_SHIM_H
#define EKSPIPE_CXML2_SHIM_H
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

/* xmlFree is a global function pointer in libxml2; Swift sees it as a variable, so free through this. */
static inline void ekspipe_xml_free(void *p) { xmlFree(p); }

#endif
