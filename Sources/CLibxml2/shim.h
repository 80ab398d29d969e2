// Debian builds libxml2 with ICU, whose headers clash with the copy of ICU
// inside Foundation. We never touch the encoding handlers' ICU fields, so
// the ICU part of <libxml/encoding.h> is left out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlwriter.h>
