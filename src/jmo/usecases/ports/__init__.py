"""The contracts the use cases need. Implementations live in ``jmo.storage``,
``jmo.adapters`` and ``jmo.biometrics``; ``jmo.bootstrap`` picks them. One module a concept;
import each port from its module (nothing is re-exported here)."""
