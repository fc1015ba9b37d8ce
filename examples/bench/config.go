package main

import (
	"fmt"
	"os"

	"github.com/go-playground/validator/v10"
	"github.com/spf13/viper"
	"gopkg.in/yaml.v3"
)

type config struct {
	Port     string `validate:"required,numeric"`
	LogLevel string `validate:"oneof=debug info warn error"`
	Items    []item
}

type item struct {
	ID    string   `json:"id" yaml:"id"`
	Name  string   `json:"name" yaml:"name" validate:"required,max=100"`
	Price float64  `json:"price" yaml:"price" validate:"gte=0"`
	Tags  []string `json:"tags,omitempty" yaml:"tags" validate:"max=10,dive,max=30"`
}

var validate = validator.New()

func loadConfig(v *viper.Viper) (config, error) {
	cfg := config{Port: v.GetString("port"), LogLevel: v.GetString("log-level")}
	if seed := v.GetString("seed"); seed != "" {
		data, err := os.ReadFile(seed)
		if err != nil {
			return cfg, fmt.Errorf("seed: %w", err)
		}
		if err := yaml.Unmarshal(data, &cfg.Items); err != nil {
			return cfg, fmt.Errorf("seed %s: %w", seed, err)
		}
	}
	if err := validate.Struct(cfg); err != nil {
		return cfg, fmt.Errorf("config: %w", err)
	}
	for _, it := range cfg.Items {
		if err := validate.Struct(it); err != nil {
			return cfg, fmt.Errorf("seed item %q: %w", it.Name, err)
		}
	}
	return cfg, nil
}
