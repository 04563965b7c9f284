/**
 * The allow-list of dcm2niix's JSON sidecar: every field that may reach the output, with why.
 * A field not listed here is dropped, whatever its value: names, IDs, UIDs, accession and study
 * numbers, birth dates, referring physicians, dcm2niix's guesses built from descriptions, and
 * whatever a later dcm2niix version adds, until someone reads it and lists it.
 *
 * Two kinds of entry:
 *  - `technical`: acquisition parameters (timing, geometry, sequence, coil, reconstruction,
 *    tracer) that describe how the scanner acquired the image and not whom or where. Kept as
 *    dcm2niix wrote them.
 *  - `profile`: the field copies one DICOM attribute that the de-identification profile
 *    decides on (descriptions, institution, device, times, patient characteristics). It is
 *    kept only when the profile leaves that attribute unchanged in the series' first file, or
 *    (for `text` fields) replaced by the profile's cleaned value when the profile cleaned it;
 *    removed, emptied, replaced, shifted or absent means dropped. So the sidecar never says
 *    more than the de-identified DICOM of the same series would.
 */
export type SidecarRule =
  | { readonly kind: 'technical'; readonly why: string }
  | {
      readonly kind: 'profile';
      readonly tag: number;
      /** A cleaned value of the attribute may stand in for the original. */
      readonly text: boolean;
      readonly why: string;
    };

const technical = (why: string): SidecarRule => ({ kind: 'technical', why });

const profile = (tag: number, text: boolean, why: string): SidecarRule => ({
  kind: 'profile',
  tag,
  text,
  why,
});

const MAKE = technical('what kind of machine and software, not which one');
const NUMBERING = technical('series and acquisition numbers, already part of the output names');
const SEQUENCE = technical('the pulse sequence and image type');
const TIMING = technical('acquisition timing relative to the scan, not the time of day');
const GEOMETRY = technical('geometry relative to the scanner, not the person');
const MATRIX = technical('matrix, k-space sampling, readout and acceleration');
const COILS = technical('shim, transmitter and receive coil settings');
const DIFFUSION = technical('diffusion encoding');
const ASL = technical('arterial spin labelling parameters');
const RECON = technical('reconstruction and intensity scaling');
const EXPOSURE = technical('X-ray exposure');
const PET = technical('PET tracer, dose and frame timing relative to the scan start');

const DESCRIPTION = 'free text typed at the scanner; Clean Descriptors keeps a cleaned version';
const SITE = 'names the site; kept only with Retain Institution Identity';
const DEVICE = 'identifies the scanner; kept only with Retain Device Identity';
const TIME = 'a time or date of the examination; kept only when dates are retained';
const PATIENT = 'a patient characteristic; kept only with Retain Patient Characteristics';

export const SIDECAR_FIELDS: Readonly<Record<string, SidecarRule>> = {
  // Free text and site, device, time and patient fields: as the profile decides.
  SeriesDescription: profile(0x0008103e, true, DESCRIPTION),
  ProtocolName: profile(0x00181030, true, DESCRIPTION),
  StudyDescription: profile(0x00081030, true, DESCRIPTION),
  ProcedureStepDescription: profile(0x00400254, true, DESCRIPTION),
  ImageComments: profile(0x00204000, true, DESCRIPTION),
  BodyPart: profile(0x00180015, true, 'Body Part Examined, as the profile treats it'),
  InstitutionName: profile(0x00080080, true, SITE),
  InstitutionAddress: profile(0x00080081, true, SITE),
  InstitutionalDepartmentName: profile(0x00081040, true, SITE),
  StationName: profile(0x00081010, false, DEVICE),
  DeviceSerialNumber: profile(0x00181000, false, DEVICE),
  AcquisitionTime: profile(0x00080032, false, TIME),
  AcquisitionDateTime: profile(0x0008002a, false, TIME),
  PatientSex: profile(0x00100040, false, PATIENT),
  PatientAge: profile(0x00101010, false, PATIENT),
  PatientSize: profile(0x00101020, false, PATIENT),
  PatientWeight: profile(0x00101030, false, PATIENT),

  // Scanner make and model, software, modality: what kind of machine, not which one.
  Modality: MAKE,
  Manufacturer: MAKE,
  ManufacturersModelName: MAKE,
  SoftwareVersions: MAKE,
  MagneticFieldStrength: MAKE,
  ImagingFrequency: MAKE,
  ConversionSoftware: MAKE,
  ConversionSoftwareVersion: MAKE,
  // Series identity within the study: numbers, already part of the output names.
  SeriesNumber: NUMBERING,
  AcquisitionNumber: NUMBERING,
  // Sequence and image type.
  ImageType: SEQUENCE,
  ImageTypeText: SEQUENCE,
  MRAcquisitionType: SEQUENCE,
  ScanningSequence: SEQUENCE,
  SequenceVariant: SEQUENCE,
  ScanOptions: SEQUENCE,
  SequenceName: SEQUENCE,
  PulseSequenceName: SEQUENCE,
  InternalPulseSequenceName: SEQUENCE,
  PulseSequenceDetails: SEQUENCE,
  ConsistencyInfo: SEQUENCE,
  PrescanReuseString: SEQUENCE,
  NonlinearGradientCorrection: SEQUENCE,
  RawImage: SEQUENCE,
  // Timing.
  EchoTime: TIMING,
  EchoTime1: TIMING,
  EchoTime2: TIMING,
  EchoNumber: TIMING,
  EchoTrainLength: TIMING,
  RepetitionTime: TIMING,
  RepetitionTimeExcitation: TIMING,
  RepetitionTimeInversion: TIMING,
  RepetitionTimePreparation: TIMING,
  InversionTime: TIMING,
  TriggerDelayTime: TIMING,
  DelayTime: TIMING,
  AcquisitionDuration: TIMING,
  SliceTiming: TIMING,
  FlipAngle: TIMING,
  VariableFlipAngleFlag: TIMING,
  SAR: TIMING,
  MTState: TIMING,
  SpoilingState: TIMING,
  SpoilingType: TIMING,
  // Geometry and position (relative to the scanner, not the person).
  SliceThickness: GEOMETRY,
  SpacingBetweenSlices: GEOMETRY,
  AcquisitionVoxelSize: GEOMETRY,
  TablePosition: GEOMETRY,
  PatientPosition: GEOMETRY,
  ImageOrientationPatientDICOM: GEOMETRY,
  ImageOrientationText: GEOMETRY,
  InPlanePhaseEncodingDirectionDICOM: GEOMETRY,
  PhaseEncodingDirection: GEOMETRY,
  PhaseEncodingAxis: GEOMETRY,
  PhaseEncodingDirectionDisplayed: GEOMETRY,
  PhaseEncodingPolarityGE: GEOMETRY,
  Quadruped: GEOMETRY,
  // Matrix, k-space, readout and acceleration.
  BaseResolution: MATRIX,
  PhaseResolution: MATRIX,
  PercentPhaseFOV: MATRIX,
  PercentSampling: MATRIX,
  PhaseOversampling: MATRIX,
  PhaseEncodingSteps: MATRIX,
  PhaseEncodingStepsNoPartialFourier: MATRIX,
  PhaseEncodingStepsOutOfPlane: MATRIX,
  FrequencyEncodingSteps: MATRIX,
  AcquisitionMatrixPE: MATRIX,
  ReconMatrixPE: MATRIX,
  PartialFourier: MATRIX,
  PartialFourierDirection: MATRIX,
  PartialFourierEnabled: MATRIX,
  PixelBandwidth: MATRIX,
  BandwidthPerPixelPhaseEncode: MATRIX,
  DwellTime: MATRIX,
  WaterFatShift: MATRIX,
  EffectiveEchoSpacing: MATRIX,
  DerivedVendorReportedEchoSpacing: MATRIX,
  VendorReportedEchoSpacing: MATRIX,
  EstimatedEffectiveEchoSpacing: MATRIX,
  TotalReadoutTime: MATRIX,
  EstimatedTotalReadoutTime: MATRIX,
  MultibandAccelerationFactor: MATRIX,
  ParallelAcquisitionTechnique: MATRIX,
  ParallelReductionFactorInPlane: MATRIX,
  ParallelReductionFactorOutOfPlane: MATRIX,
  RefLinesPE: MATRIX,
  CompressedSensingFactor: MATRIX,
  NumberOfAverages: MATRIX,
  AveragesDouble: MATRIX,
  NumberOfExcitations: MATRIX,
  NumberOfArms: MATRIX,
  NumberOfPointsPerArm: MATRIX,
  NumRFBlocks: MATRIX,
  RFGap: MATRIX,
  // Shim, transmitter and coils.
  ShimSetting: COILS,
  TxRefAmp: COILS,
  ReceiveCoilName: COILS,
  ReceiveCoilActiveElements: COILS,
  CoilString: COILS,
  CoilCombinationMethod: COILS,
  MatrixCoilMode: COILS,
  // Diffusion.
  DiffusionScheme: DIFFUSION,
  NumberOfDiffusionDirectionGE: DIFFUSION,
  NumberOfDiffusionT2GE: DIFFUSION,
  DiffGradientCyclingGE: DIFFUSION,
  TensorFileNumberGE: DIFFUSION,
  // Arterial spin labelling.
  ArterialSpinLabelingType: ASL,
  PASLType: ASL,
  M0Type: ASL,
  BolusDuration: ASL,
  InitialPostLabelDelay: ASL,
  PostLabelingDelay: ASL,
  PostInversionDelay: ASL,
  LabelingDistance: ASL,
  LabelingDuration: ASL,
  LabelingPulseAverageGradient: ASL,
  LabelingPulseDuration: ASL,
  LabelingPulseFlipAngle: ASL,
  LabelingPulseMaximumGradient: ASL,
  TagDuration: ASL,
  TagPlaneDThickness: ASL,
  TagPlaneSNormalDTra: ASL,
  TagPlaneSPositionDTra: ASL,
  TagPlaneUlShape: ASL,
  TagRFDuration: ASL,
  TagRFFlipAngle: ASL,
  TagRFSeparation: ASL,
  // Reconstruction and scaling.
  ConvolutionKernel: RECON,
  ReconFilterSize: RECON,
  ReconMethodName: RECON,
  ReconMethodParameterLabels: RECON,
  ReconMethodParameterValues: RECON,
  ReconstructionMethod: RECON,
  Interpolation2D: RECON,
  Interpolation3D: RECON,
  DeepLearning: RECON,
  UsePhilipsFloatNotDisplayScaling: RECON,
  PhilipsRWVIntercept: RECON,
  PhilipsRWVSlope: RECON,
  PhilipsRescaleIntercept: RECON,
  PhilipsRescaleSlope: RECON,
  PhilipsScaleSlope: RECON,
  // CT and X-ray exposure.
  ExposureTime: EXPOSURE,
  XRayExposure: EXPOSURE,
  XRayTubeCurrent: EXPOSURE,
  // PET: tracer, dose and frame timing (frame times are relative to the scan start).
  Radiopharmaceutical: PET,
  TracerRadionuclide: PET,
  RadionuclideHalfLife: PET,
  RadionuclidePositronFraction: PET,
  IsotopeHalfLife: PET,
  InjectedRadioactivity: PET,
  InjectedRadioactivityUnits: PET,
  InjectedVolume: PET,
  Dosage: PET,
  DoseCalibrationFactor: PET,
  DecayCorrection: PET,
  DecayFactor: PET,
  AttenuationCorrectionMethod: PET,
  ScatterFraction: PET,
  Units: PET,
  FrameDuration: PET,
  FrameReferenceTime: PET,
  FrameTimesStart: PET,
};

/**
 * Fields dcm2niix v1.0.20241231 can write that are deliberately not in the list, and why (the
 * test that lists every key of the wasm checks that each key is either allowed or here).
 */
export const SIDECAR_DROPPED: Readonly<Record<string, string>> = {
  PatientName: 'identifies the patient',
  PatientID: 'identifies the patient',
  PatientBirthDate: 'identifies the patient',
  AccessionNumber: 'identifies the examination',
  StudyID: 'identifies the examination',
  StudyInstanceUID: 'identifies the examination',
  SeriesInstanceUID: 'identifies the series',
  ReferringPhysicianName: 'names a person',
  TimeZero: 'a time of day',
  BidsGuess: "dcm2niix's guess, built from the protocol and series descriptions",
  TaskName: 'taken from the protocol name',
  WipMemBlock: 'free text of a work-in-progress sequence',
  FmriExternalInfo: 'free text',
  DeepLearningDetails: 'free text',
  ConversionComments: 'free text',
  DeidentificationMethodCodeSequence: "the DICOM's own de-identification record, not ours",
  CodeValue: 'part of a code sequence that is dropped as a whole',
  CodeMeaning: 'part of a code sequence that is dropped as a whole',
  CodingSchemeDesignator: 'part of a code sequence that is dropped as a whole',
  CodingSchemeVersion: 'part of a code sequence that is dropped as a whole',
  Name: 'BIDS dataset description, not acquisition',
  Authors: 'BIDS dataset description, not acquisition',
  BIDSVersion: 'BIDS dataset description, not acquisition',
  CogAtlasID: 'BIDS task description, not acquisition',
  Tag0: 'unknown purpose',
  Tag1: 'unknown purpose',
  Tag2: 'unknown purpose',
  Tag3: 'unknown purpose',
  MaximumT1Opt: 'unknown purpose',
  MeanGzx10: 'unknown purpose',
  PhiAdjust: 'unknown purpose',
  T1: 'unknown purpose',
};
