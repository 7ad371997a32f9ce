#include "ElectricityEvidenceSource.h"

AVIARY_DECLARE_EVIDENCE_SOURCE(electricity::ElectricityEvidenceSource)
