package com.otaplatform.otactl.cli.artifact;

import com.otaplatform.artifact.v1.ArtifactKind;

/** The kinds as written on the command line. */
public enum ArtifactKindOption {
    firmware(ArtifactKind.ARTIFACT_KIND_FIRMWARE),
    ad_model(ArtifactKind.ARTIFACT_KIND_AD_MODEL),
    configuration(ArtifactKind.ARTIFACT_KIND_CONFIGURATION);

    private final ArtifactKind kind;

    ArtifactKindOption(ArtifactKind kind) {
        this.kind = kind;
    }

    public ArtifactKind proto() {
        return kind;
    }

    /** picocli converter: accepts firmware, ad-model, ad_model, configuration. */
    public static final class Converter implements picocli.CommandLine.ITypeConverter<ArtifactKindOption> {
        @Override
        public ArtifactKindOption convert(String value) {
            try {
                return ArtifactKindOption.valueOf(value.trim().toLowerCase().replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a kind: use firmware, ad-model or configuration");
            }
        }
    }

    /** Completion candidates as typed. */
    public static final class Candidates extends java.util.ArrayList<String> {
        public Candidates() {
            super(java.util.List.of("firmware", "ad-model", "configuration"));
        }
    }
}
