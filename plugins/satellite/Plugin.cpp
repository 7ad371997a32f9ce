// The loadable module's only job: export the factory for the loader.
#include "SatelliteEvidenceSource.h"

AVIARY_DECLARE_EVIDENCE_SOURCE(aviary::SatelliteEvidenceSource)
