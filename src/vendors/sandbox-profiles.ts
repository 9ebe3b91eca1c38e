// Importing this module registers every vendor's sandbox profile; vendors without one use the generic profile.
import './sikka/sandbox.ts';
import './drchrono/sandbox.ts';
import './webcamconsult/sandbox.ts';
import './lupl/sandbox.ts';
