#ifndef EKSPIPE_CXML2_SHIM_H
#define EKSPIPE_CXML2_SHIM_H
/* Debian's libxml2 is built with ICU, so its encoding.h pulls in the system's ICU headers.
   Test targets also import Foundation, which carries its own ICU (_FoundationICU) with a
   different UErrorCode, and clang refuses the two definitions in one program. ekspipe never
   touches libxml2's encoding handlers (the only ICU-typed fields), so the ICU part is left out. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

/* xmlFree is a global function pointer in libxml2; Swift sees it as a variable, so free through this. */
static inline void ekspipe_xml_free(void *p) { xmlFree(p); }

#endif
