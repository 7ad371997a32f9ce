// The loadable module's only job: export the factory for the loader.
#include "SupplyChainEvidenceSource.h"

AVIARY_DECLARE_EVIDENCE_SOURCE(aviary::SupplyChainEvidenceSource)
